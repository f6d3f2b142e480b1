"""Contract tests: the "Attach as evidence" shortcut with its requirement picker, and who may add."""

from __future__ import annotations

from bot.slack.ids import AttachRef
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import option_value, plain_text_value
from questionnaire.usecases.start import StartRequest, start_assessment

from . import steps
from .steps import ADMIN, EVE, LEAD, MARIA, NAME, PAUL, give_role, page_of, told, view_of

TALK = "C0TALK"


def _shortcut(h: Harness, user_id: str, text: str = "Our runbook: https://wiki.example/run") -> str:
    """Post a message in #talk and use the shortcut on it; returns the message ts."""
    h.slack.add_channel(TALK, "talk", members=[PAUL, EVE, ADMIN, LEAD, MARIA])
    posted = h.slack.add_message(TALK, PAUL, text)
    assert h.users.message_shortcut(user_id, "attach_as_evidence", posted).status == 200
    return posted.ts


def _options(h: Harness, user_id: str, assessment_id: int, query: str) -> list[dict[str, object]]:
    """What the picker offers for `query` in that assessment (Slack sends no other field's
    selection with an options request, so the picker spans the user's assessments)."""
    response = h.users.block_suggestion(user_id, "requirement", query)
    assert response.status == 200
    body = response.body
    offered = body.get("options") or [
        o for g in body.get("option_groups", []) for o in g["options"]
    ]
    return [o for o in offered if str(o["value"]).startswith(f"{assessment_id}:")]


def _values(options: list[dict[str, object]]) -> list[str]:
    """Requirement ids of the options (their values are `assessment id:requirement id`)."""
    return [str(o["value"]).partition(":")[2] for o in options]


def _picked(assessment_id: int, requirement: str) -> dict[str, object]:
    return {
        "requirement": {
            "value": option_value(f"{assessment_id}:{requirement}", kind="external_select")
        }
    }


def _evidence(h: Harness, assessment_id: int) -> list[tuple[str, str, str | None]]:
    return [(e.requirement_id, e.kind.value, e.url) for e in view_of(h, assessment_id).evidence]


def test_the_picker_offers_what_i_may_answer_matching_what_i_type(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    _shortcut(h, PAUL)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.callback_id == "attach_message"
    mine = [loc.requirement for loc in view_of(h, aid).routing.owned_by(PAUL)]

    everything = _options(h, PAUL, aid, "")
    assert _values(everything) == [r.id for r in mine]  # 21: only Paul's, in framework order
    assert all(len(str(o["text"]["text"])) <= 75 for o in everything)  # type: ignore[index]

    by_id = _options(h, PAUL, aid, mine[3].id.lower())
    assert _values(by_id) == [mine[3].id]
    word = "stakeholder" if any("stakeholder" in r.text.en.lower() for r in mine) else "data"
    by_text = _values(_options(h, PAUL, aid, word.upper()))
    assert by_text and all(
        word in next(r for r in mine if r.id == v).text.en.lower() for v in by_text
    )
    assert _options(h, PAUL, aid, "DE.DC") == []  # the data engineer's, not Paul's
    assert _values(_options(h, PAUL, aid + 99, "")) == []  # no such assessment: nothing offered


def test_an_admin_may_attach_anywhere_within_the_100_option_limit(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    _shortcut(h, ADMIN)
    modal = h.slack.open_modal(ADMIN)
    assert modal is not None, "admins get the modal although they answer in nothing"
    assert len(_options(h, ADMIN, aid, "")) == 100  # every requirement matches; Slack takes 100
    assert len(_options(h, ADMIN, aid, "RM.")) < 100


def test_submitting_attaches_the_message_permalink(started: tuple[Harness, int]) -> None:
    h, aid = started
    ts = _shortcut(h, PAUL)
    requirement = view_of(h, aid).routing.owned_by(PAUL)[0].requirement.id
    values = _picked(aid, requirement)
    assert h.users.view_submission(PAUL, "attach_message", values).status == 200
    permalink = f"https://standin.slack.com/archives/{TALK}/p{ts.replace('.', '')}"
    assert _evidence(h, aid) == [(requirement, "message", permalink)]
    # The modal turns into the confirmation, in the one wording; no DM.
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.body["title"]["text"] == "Attached"
    assert modal.body["blocks"][0]["text"]["text"] == (
        f":paperclip: Attached <{permalink}|Our runbook: https://wiki.example/run> as evidence "
        f"for `{requirement}` (*{NAME}*)."
    )
    assert not [t for t in told(h, PAUL) if t.startswith(":paperclip:")]


def test_the_modal_and_the_title_read_the_message_as_people_see_it(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    raw = "See <https://grafana.example/d|dashboard> &amp; ask <@U0PIA> in <#C0TALK|talk>"
    _shortcut(h, PAUL, raw)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None
    excerpt = modal.body["blocks"][0]["elements"][0]["text"]
    assert excerpt == "Message: See dashboard &amp; ask @Pia in #talk"
    requirement = view_of(h, aid).routing.owned_by(PAUL)[0].requirement.id
    assert h.users.view_submission(PAUL, "attach_message", _picked(aid, requirement)).status == 200
    assert [e.title for e in view_of(h, aid).evidence] == ["See dashboard & ask @Pia in #talk"]


def test_someone_outside_the_assessment_cannot_attach(started: tuple[Harness, int]) -> None:
    h, aid = started
    _shortcut(h, EVE)
    assert h.slack.open_modal(EVE) is None
    note = h.slack.messages(TALK)[-1]
    assert note.ephemeral_to == EVE and "don't answer in any active assessment" in note.text
    # A forged submission changes nothing either, and names the owner readably.
    requirement = view_of(h, aid).routing.owned_by(PAUL)[0].requirement.id
    values = _picked(aid, requirement)
    meta = AttachRef(c=TALK, ts="1.2", url="https://standin.slack.com/x").dump()
    forged = h.users.view_submission(EVE, "attach_message", values, private_metadata=meta)
    error = forged.body["errors"]["requirement"]
    assert f"Question `{requirement}` is @Paul's." in error and "<@" not in error
    assert _evidence(h, aid) == []


def test_someone_else_cannot_open_add_evidence_on_my_question(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.pick_from_menu(h, EVE, "Add evidence", requirement=first, page=page_of(h, PAUL))
    assert h.slack.open_modal(EVE) is None
    assert f"is <@{PAUL}>'s" in told(h, EVE)[-1]
    assert _evidence(h, aid) == []


def test_a_refusal_inside_the_evidence_modal_names_people_readably(
    started: tuple[Harness, int],
) -> None:
    """Paul opens Add evidence; meanwhile the lead gives his role to Maria; Paul submits."""
    h, aid = started
    first, evidence_modal = steps.open_from_menu(h, PAUL, "Add evidence")

    give_role(h, aid, "product_owner", [MARIA])

    response = h.users.view_submission(
        PAUL,
        "add_evidence",
        {"url": {"value": plain_text_value("https://x.example/doc")}},
        view_id=evidence_modal.id,
    )
    error = response.body["errors"]["url"]
    assert f"Question `{first}` is @Maria's." in error
    assert "<@" not in error and "&lt;" not in error
    assert _evidence(h, aid) == []


def test_a_message_in_a_dm_the_bot_is_not_in_is_attached_by_its_built_link(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    said = {
        "type": "message",
        "user": MARIA,
        "text": "catalogue: https://x",
        "ts": "1795346700.000001",
    }
    response = h.users.message_shortcut(PAUL, "attach_as_evidence", said, channel_id="D0PAULMARIA")
    assert response.status == 200
    assert h.slack.open_modal(PAUL) is not None  # Slack gives no permalink there; no error either
    requirement = view_of(h, aid).routing.owned_by(PAUL)[0].requirement.id
    assert h.users.view_submission(PAUL, "attach_message", _picked(aid, requirement)).status == 200
    built = "https://standin.slack.com/archives/D0PAULMARIA/p1795346700000001"
    assert _evidence(h, aid) == [(requirement, "message", built)]


def test_with_two_assessments_the_picker_groups_by_assessment_and_attaches_to_the_chosen_one(
    started_caict: tuple[Harness, int],
) -> None:
    h, first = started_caict
    quick = h.services.registry.get("mlops-quickcheck")
    request = StartRequest(
        h.team_id, LEAD, "Quick check", "p", quick, scenario.CHANNEL[0], roles={}
    )
    second = start_assessment(h.services.uow, h.clock, request).assessment.id
    assert second is not None
    _shortcut(h, LEAD)
    body = h.users.block_suggestion(LEAD, "requirement", "").body
    groups = {g["label"]["text"]: len(g["options"]) for g in body["option_groups"]}
    # Newest first; the CAICT requirements do not crowd the quick check out of the 100.
    shown = quick.requirement_count()
    assert groups == {"Quick check": shown, scenario.ASSESSMENT: 100 - shown}
    requirement = next(iter(quick.requirements())).requirement.id
    assert (
        h.users.view_submission(LEAD, "attach_message", _picked(second, requirement)).status == 200
    )
    assert [e[0] for e in _evidence(h, second)] == [requirement] and _evidence(h, first) == []


def test_an_attach_submitted_twice_attaches_once_and_confirms_once(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    requirement = view_of(h, aid).routing.owned_by(PAUL)[0].requirement.id
    _shortcut(h, PAUL)
    modal = h.slack.open_modal(PAUL)  # one modal, whose submission Slack sends twice
    assert modal is not None
    first, second = (
        h.users.view_submission(PAUL, "attach_message", _picked(aid, requirement), view_id=modal.id)
        for _ in range(2)
    )
    assert (first.status, first.body["response_action"]) == (200, "update")  # the confirmation
    assert (second.status, second.body) == (200, "")  # the repeat: acked, nothing more
    assert [e[0] for e in _evidence(h, aid)] == [requirement]
    assert not [t for t in told(h, PAUL) if t.startswith(":paperclip:")]  # no DM


def test_add_evidence_submitted_twice_attaches_once_and_refreshes_the_page(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    first, modal = steps.open_from_menu(h, PAUL, "Add evidence")
    dms = len(told(h, PAUL))
    values = {"url": {"value": plain_text_value("https://x.example/doc")}}
    steps.submit_twice(h, PAUL, "add_evidence", values, modal.id)
    assert _evidence(h, aid) == [(first, "link", "https://x.example/doc")]
    assert "https://x.example/doc" in str(page_of(h, PAUL).blocks)  # the page shows it...
    assert len(told(h, PAUL)) == dms  # ...so nothing else is said
