"""Contract tests: `/maturity delete` (lead and admins, typed confirmation) and what is left after."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bot.slack.ids import AssessmentRef, QuestionRef
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import plain_text_value

from .steps import (
    ADMIN,
    CHANNEL,
    LEAD,
    NAME,
    PAUL,
    page_of,
    reply_text,
    start_another,
    told,
    view_of,
)

DELETED = "This assessment was deleted"


def _confirm(h: Harness, user_id: str, typed: str) -> dict[str, object]:
    values = {"confirm": {"value": plain_text_value(typed)}}
    response = h.users.view_submission(user_id, "delete_assessment", values)
    assert response.status == 200
    return response.body or {}


def _exists(h: Harness, assessment_id: int) -> bool:
    with h.services.uow() as uow:
        return uow.assessments.get(h.team_id, assessment_id) is not None


def test_the_lead_deletes_after_typing_the_name(started_caict: tuple[Harness, int]) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, "answer:met", requirement=first)
    scenario.add_evidence(h, PAUL, first, "link", scenario.Outcome(assessment_id=aid))

    assert h.users.slash_command(LEAD, "delete", channel_id=CHANNEL).status == 200
    modal = h.slack.open_modal(LEAD)
    assert modal is not None and modal.callback_id == "delete_assessment"
    warning = modal.body["blocks"][0]["text"]["text"]
    assert f"*{NAME}*" in warning and "1 answer, 1 piece of evidence" in warning
    assert ", open) with" in warning
    assert f"{len(scenario.HOLDERS)} people" in warning and "cannot be undone" in warning

    wrong = _confirm(h, LEAD, "Fraud detection")
    assert wrong["response_action"] == "errors" and NAME in str(wrong["errors"])
    assert _exists(h, aid)

    assert _confirm(h, LEAD, f"  {NAME.upper()} ") == {}
    assert not _exists(h, aid)
    with h.services.uow() as uow:
        assert uow.answers.states(h.team_id, aid) == {}
        assert uow.evidence.for_assessment(h.team_id, aid) == []
        assert uow.answers.history(h.team_id, aid) == []
    note = h.slack.messages(CHANNEL)[-1].blocks[0]["text"]["text"]
    assert f"<@{LEAD}> deleted the assessment *{NAME}*" in note and "1 answer" in note
    assert any(f"Deleted *{NAME}*" in t for t in told(h, LEAD))
    assert h.slack.open_modal(LEAD) is None


def test_only_the_lead_or_an_admin_may_delete(started: tuple[Harness, int]) -> None:
    h, aid = started
    assert "/maturity delete [name]" in str(h.users.slash_command(PAUL, "help").body)
    refused = h.users.slash_command(PAUL, f"delete {NAME}", channel_id=CHANNEL)
    assert reply_text(refused).startswith(f":no_entry: Only the lead of *{NAME}* (<@{LEAD}>)")
    assert h.slack.open_modal(PAUL) is None and _exists(h, aid)

    h.users.slash_command(ADMIN, f'delete "{NAME}"', channel_id=CHANNEL)
    assert _confirm(h, ADMIN, NAME) == {}
    assert not _exists(h, aid)
    assert any(f"<@{ADMIN}> deleted your assessment *{NAME}*" in t for t in told(h, LEAD))


def test_deleting_one_of_two_leaves_the_other_alone(started_caict: tuple[Harness, int]) -> None:
    h, aid = started_caict
    pauls = [loc.requirement.id for loc in view_of(h, aid).routing.owned_by(PAUL)]
    other = start_another(h, "Quick check")
    h.users.slash_command(LEAD, "delete", channel_id=CHANNEL)
    picker = h.slack.open_modal(LEAD)
    assert picker is not None and picker.callback_id == "pick_assessment"
    h.users.view_submission(
        LEAD,
        "pick_assessment",
        {
            "assessment": {
                "value": {"type": "static_select", "selected_option": {"value": str(other)}}
            }
        },
    )
    modal = h.slack.open_modal(LEAD)
    assert modal is not None and "Quick check" in modal.body["blocks"][0]["text"]["text"]
    assert _confirm(h, LEAD, "quick check") == {}
    assert not _exists(h, other) and _exists(h, aid)
    assert [loc.requirement.id for loc in view_of(h, aid).routing.owned_by(PAUL)] == pauls != []


def test_pages_of_a_deleted_assessment_are_retired_and_old_buttons_say_so(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    first_page = scenario.open_questions(h, PAUL)
    for requirement in first_page:
        scenario.click(h, PAUL, "answer:not_met", requirement=requirement)
    current = page_of(h, PAUL)  # the second page; the first stays answerable until it closes
    first = first_page[0]
    item = view_of(h, aid).framework.locate(first).item.id
    h.users.slash_command(LEAD, "delete", channel_id=CHANNEL)
    assert _confirm(h, LEAD, NAME) == {}

    retired = next(m for m in h.slack.messages(PAUL) if m.ts == current.ts)
    assert "deleted" in str(retired.blocks) and "actions" not in str(retired.blocks)
    old_page = next(m for m in h.slack.messages(PAUL) if f"a:{first}" in str(m.blocks))
    old_value = QuestionRef(a=aid, r=first, i=item, u=PAUL).dump()
    clicks: list[tuple[str, Callable[[], object]]] = [
        ("answer:met", partial(scenario.click, h, PAUL, "answer:met", requirement=first))
    ]
    clicks += [
        (label, partial(scenario.pick_from_menu, h, PAUL, label, requirement=first))
        for label in ("Guidance", "Add evidence", "Add a comment", "Not me (hand on)")
    ]
    clicks += [  # the buttons of pages posted before the ⋯ menu
        (
            action,
            partial(
                h.users.block_action,
                PAUL,
                action,
                value=old_value,
                block_id=f"a:{first}",
                message=old_page,
            ),
        )
        for action in ("guidance", "add_evidence", "handoff")
    ]
    for action, click in clicks:
        before = len(told(h, PAUL))
        click()
        notes = told(h, PAUL)[before:]
        assert len(notes) == 1 and DELETED in notes[0], (action, notes)
        assert h.slack.open_modal(PAUL) is None, action
    for action in ("handoff_item", "continue"):
        before = len(told(h, PAUL))
        scenario.click(h, PAUL, action)
        assert [DELETED in t for t in told(h, PAUL)[before:]] == [True], action
    assert not any("Something went wrong" in t for t in told(h, PAUL))
    # The lead's Reassign button from an old escalation DM.
    before = len(told(h, LEAD))
    h.users.block_action(LEAD, "reassign", value=AssessmentRef(a=aid).dump())
    assert [DELETED in t for t in told(h, LEAD)[before:]] == [True]
    assert h.slack.open_modal(LEAD) is None and not _exists(h, aid)
