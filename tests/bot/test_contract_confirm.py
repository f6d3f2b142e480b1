"""Contract: on a continuing assessment, "Confirm last time's answers" confirms a whole page."""

from __future__ import annotations

from typing import Any

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import plain_text_value, users_value
from questionnaire.domain import Answer

from .steps import CHANNEL, LEAD, PAUL, click_on, page_of, view_of


def _continue(h: Harness, previous_id: int) -> int:
    """The lead starts "Fraud 2027" through the modal, continuing the closed assessment."""
    h.users.slash_command(LEAD, "start", channel_id=CHANNEL)
    values: dict[str, Any] = {
        "name": {"value": plain_text_value("Fraud 2027")},
        "project": {"value": plain_text_value("fraud-detect")},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
        "previous": {
            "value": {"type": "static_select", "selected_option": {"value": str(previous_id)}}
        },
    }
    for role, (user_id, _, _) in scenario.HOLDERS.items():
        values[f"role:{role}"] = {"users": users_value([user_id])}
    response = h.users.view_submission(LEAD, "start_assessment", values)
    assert response.status == 200 and not response.body, response.body
    with h.services.uow() as uow:
        found = uow.assessments.by_name(h.team_id, "Fraud 2027")
    assert found is not None and found.id is not None and found.previous_id == previous_id
    return found.id


def test_confirm_keeps_last_times_answers_on_the_page_and_moves_on(
    started_caict: tuple[Harness, int],
) -> None:
    h, old_id = started_caict
    scenario.click(h, PAUL, "continue")
    ids = scenario.open_questions(h, PAUL)
    assert ids
    for rid in ids:
        scenario.click(h, PAUL, "answer:met", requirement=rid)
    h.users.slash_command(LEAD, "close", channel_id=CHANNEL)
    new_id = _continue(h, old_id)

    scenario.click(h, PAUL, "continue")  # the Start button of the new intro
    page = page_of(h, PAUL)
    footer = next(b for b in page.blocks if b.get("block_id") == "page_footer")
    confirm = footer["elements"][0]
    assert confirm["text"]["text"] == f"Confirm last time's answers ({len(ids)})"
    posts_before = len(h.slack.messages(PAUL))
    h.clock.advance(minutes=5)
    assert click_on(h, PAUL, page, "confirm_page", "page_footer").status == 200

    view = view_of(h, new_id)
    for rid in ids:
        state = view.states[rid]
        assert (state.answer, state.answered_by, state.to_confirm) == (Answer.MET, PAUL, False)
        assert state.answered_at == h.clock.now()
    with h.services.uow() as uow:
        history = {rid: uow.answers.history(h.team_id, new_id, rid) for rid in ids}
    assert {rid: [e.actor for e in rows] for rid, rows in history.items()} == {
        rid: [LEAD, PAUL]
        for rid in ids  # carried over at the start, confirmed now
    }
    # the page shows the answers as given, with no Confirm button, and the next page follows
    updated = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    footer = next(b for b in updated.blocks if b.get("block_id") == "page_footer")
    assert [e["action_id"] for e in footer["elements"]] == ["handoff_item"]
    assert page_of(h, PAUL).ts != page.ts
    assert set(scenario.open_questions(h, PAUL)).isdisjoint(ids)
    # evidence carried over (none here): the page says what is owed, no request is posted
    required = [rid for rid in ids if view.framework.locate(rid).requirement.evidence.required]
    assert required and str(updated.blocks).count("Evidence needed") == len(required)
    assert len(h.slack.messages(PAUL)) - posts_before == 1  # the next page, nothing more
