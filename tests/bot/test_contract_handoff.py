"""Contract tests: "Not me" on one requirement and "Hand this item on" for a whole item."""

from __future__ import annotations

from bot.slack.ids import MessageRef
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message
from questionnaire.domain import HistorySubject

from .steps import (
    DAN,
    EVE,
    LEAD,
    MARIA,
    NAME,
    PAUL,
    PIA,
    click_on,
    give_role,
    open_from_menu,
    page_of,
    submit_twice,
    told,
    view_of,
)

USER_PICK = "users_select"


def _hand_to(h: Harness, actor: str, to_user: str, note: str | None = None) -> dict[str, object]:
    values: dict[str, dict[str, object]] = {
        "user": {"value": {"type": USER_PICK, "selected_user": to_user}}
    }
    if note:
        values["note"] = {"value": {"type": "plain_text_input", "value": note}}
    response = h.users.view_submission(actor, "hand_off", values)
    assert response.status == 200
    return response.body or {}


def _delegations(h: Harness, assessment_id: int, requirement_id: str) -> list[str]:
    with h.services.uow() as uow:
        history = uow.answers.history(h.team_id, assessment_id, requirement_id)
    return [e.actor for e in history if e.subject is HistorySubject.DELEGATION]


def test_hand_a_whole_item_on(started_caict: tuple[Harness, int]) -> None:
    h, aid = started_caict
    framework, routing = view_of(h, aid).framework, view_of(h, aid).routing

    def dans(item_id: str) -> list[str]:
        return [loc.requirement.id for loc in routing.owned_by(DAN) if loc.item.id == item_id]

    def first_open() -> str:
        return scenario.open_questions(h, DAN)[0]

    scenario.click(h, DAN, "continue")
    # Dan answers through his first items (a question or two of his in Requirement Management)
    # to one with more than a page of his questions, and answers one there.
    while len(dans(framework.locate(first_open()).item.id)) <= 6:
        scenario.click(h, DAN, "answer:met", requirement=first_open())
    scenario.click(h, DAN, "answer:met", requirement=first_open())
    page = page_of(h, DAN)
    item = framework.locate(first_open()).item
    moved = dans(item.id)
    assert len(moved) > 6, "more than one page: the whole item moves, not just this page"

    scenario.click(h, DAN, "handoff_item")
    modal = h.slack.open_modal(DAN)
    assert modal is not None and modal.callback_id == "hand_off"
    assert _hand_to(h, DAN, PIA, note="Yours, I think <!channel>") == {}

    routing = view_of(h, aid).routing
    assert not [loc for loc in routing.owned_by(DAN) if loc.item.id == item.id]
    assert all(routing.owner(r) == PIA for r in moved)
    assert all(_delegations(h, aid, r) == [DAN] for r in moved)
    # One message: the page of the handed item, saying who handed it; the note in its thread.
    pia_page = page_of(h, PIA)
    top = pia_page.blocks[0]["text"]["text"]
    assert top == (
        f"<@{DAN}> handed you {len(moved)} questions in *{NAME}*. "
        "Their note is in this page's thread."
    )
    assert pia_page.text == f"<@{DAN}> handed you {len(moved)} questions in *{NAME}*."
    [note] = [m.text for m in h.slack.messages(PIA) if m.thread_ts == pia_page.ts]
    assert note == f"<@{DAN}>'s note:\n> Yours, I think &lt;!channel&gt;"  # escaped, no ping
    assert item.name.en in str(pia_page.blocks[1])  # the handed item, not Pia's own first one
    on_page = scenario.open_questions(h, PIA)
    framework = view_of(h, aid).framework
    assert all(framework.locate(r).item.id == item.id for r in on_page)
    assert set(on_page) & set(moved)
    old = next(m for m in h.slack.messages(DAN) if m.ts == page.ts)
    assert old.text == f"Handed {len(moved)} questions to <@{PIA}> (*{NAME}*)."
    assert page_of(h, DAN).ts != page.ts  # Dan carries on with his next item
    assert not [t for t in told(h, DAN) if t.startswith("Handed")][1:]  # only the old page says so
    # Dan's DMs end with his next page; Pia's with the handed page and the note in its thread.
    assert h.slack.messages(DAN)[-1].ts == page_of(h, DAN).ts
    assert told(h, PIA)[-2:] == [pia_page.text, note]


def test_not_me_on_one_requirement(started: tuple[Harness, int]) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    first, second = scenario.open_questions(h, PAUL)[:2]
    scenario.pick_from_menu(h, PAUL, "Not me (hand on)", requirement=first)
    assert _hand_to(h, PAUL, MARIA) == {}
    assert view_of(h, aid).routing.owner(first) == MARIA
    assert _delegations(h, aid, first) == [PAUL]
    assert any(f"handed you `{first}`" in t for t in told(h, MARIA))
    assert first in scenario.open_questions(h, MARIA)
    page = page_of(h, PAUL)
    assert scenario.open_questions(h, PAUL)[0] == second  # refreshed without it...
    said = f"Handed `{first}` to <@{MARIA}> (*{NAME}*)."
    assert page.blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": said}]}
    assert not any(t.startswith("Handed") for t in told(h, PAUL))  # ...which says so: no DM


def test_handed_to_you_shows_only_until_the_new_owner_answers(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.pick_from_menu(h, PAUL, "Not me (hand on)", requirement=first)
    _hand_to(h, PAUL, MARIA)
    handed = page_of(h, MARIA)
    assert ":arrow_right: handed to you" in _status(handed, first)
    scenario.click(h, MARIA, "answer:not_met", requirement=first)
    status = _status(next(m for m in h.slack.messages(MARIA) if m.ts == handed.ts), first)
    assert "*Not met* by" in status and "handed to" not in status


def _status(page: Message, requirement: str) -> str:
    """The context line under a question on a page."""
    at = next(n for n, b in enumerate(page.blocks) if b.get("block_id") == f"q:{requirement}")
    below = page.blocks[at + 1]
    return str(below["elements"][0]["text"]) if below["type"] == "context" else ""


def test_handing_on_everything_is_not_congratulated(started: tuple[Harness, int]) -> None:
    h, _ = started
    scenario.click(h, MARIA, "continue")  # Maria's one item: all her questions
    scenario.click(h, MARIA, "handoff_item")
    _hand_to(h, MARIA, PAUL)
    closing = h.slack.messages(MARIA)[-1]
    assert closing.text == f"You have no open questions in {NAME}. You handed yours on."
    assert ":tada:" not in str(closing.blocks) and "Thank you" not in str(closing.blocks)


def test_an_old_start_button_after_losing_the_role_is_not_congratulated(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    give_role(h, aid, "product_owner", [MARIA])
    scenario.click(h, PAUL, "continue")  # the Start button of his intro
    closing = h.slack.messages(PAUL)[-1]
    text = str(closing.blocks)
    assert f"You have no open questions in *{NAME}*. You no longer hold a role in *{NAME}*." in text
    assert ":tada:" not in text and "owed" not in closing.text


def test_handing_to_a_bot_a_leaver_or_oneself_is_refused(started: tuple[Harness, int]) -> None:
    h, aid = started
    h.slack.add_user("U0ROBOT", "robot", is_bot=True)
    h.slack.add_user("U0GONE", "gone", deleted=True)
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.pick_from_menu(h, PAUL, "Not me (hand on)", requirement=first)
    for user, why in (("U0ROBOT", "bot"), ("U0GONE", "deactivated"), (PAUL, "yourself")):
        body = _hand_to(h, PAUL, user)
        assert body["response_action"] == "errors", user
        assert why in str(body["errors"]), body
    assert view_of(h, aid).states.get(first) is None
    assert _delegations(h, aid, first) == []


def test_someone_else_cannot_hand_on_and_is_told_who_can(started: tuple[Harness, int]) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    forged = MessageRef(a=aid, r=first, i="RM.DA").dump()
    response = h.users.view_submission(
        EVE,
        "hand_off",
        {"user": {"value": {"type": USER_PICK, "selected_user": MARIA}}},
        private_metadata=forged,
    )
    error = response.body["errors"]["user"]
    assert "is @Paul's" in error and "<@" not in error
    assert view_of(h, aid).routing.owner(first) == PAUL


def _button_block(page: Message, action_id: str) -> str:
    return next(
        b["block_id"]
        for b in page.blocks
        if any(e.get("action_id") == action_id for e in b.get("elements", []))
    )


def test_not_me_on_a_closed_assessment_is_refused_before_any_modal(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    h.users.slash_command(LEAD, f'close "{NAME}"')
    opened = len(h.slack.calls("views.open"))
    scenario.pick_from_menu(h, PAUL, "Not me (hand on)", requirement=first)
    page = page_of(h, PAUL)
    click_on(h, PAUL, page, "handoff_item", _button_block(page, "handoff_item"))
    closed = f":no_entry: “{NAME}” is closed; answers can no longer change."
    assert told(h, PAUL)[-2:] == [closed, closed]
    assert all(m.is_ephemeral for m in h.slack.messages() if m.text == closed)
    assert len(h.slack.calls("views.open")) == opened and h.slack.open_modal(PAUL) is None
    assert view_of(h, aid).routing.owner(first) == PAUL


def test_an_outsider_cannot_open_hand_this_item_on_for_someone_elses_page(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    scenario.click(h, DAN, "continue")
    page = page_of(h, DAN)
    opened = len(h.slack.calls("views.open"))
    click_on(h, EVE, page, "handoff_item", _button_block(page, "handoff_item"))
    refusal = told(h, EVE)[-1]
    assert refusal.startswith(":no_entry: Question `") and f"is <@{DAN}>'s" in refusal
    assert len(h.slack.calls("views.open")) == opened and h.slack.open_modal(EVE) is None


def test_a_hand_off_submitted_twice_hands_on_once(started: tuple[Harness, int]) -> None:
    h, aid = started
    first, modal = open_from_menu(h, PAUL, "Not me (hand on)")
    values = {
        "user": {"value": {"type": USER_PICK, "selected_user": MARIA}},
        "note": {"value": {"type": "plain_text_input", "value": "yours"}},
    }
    submit_twice(h, PAUL, "hand_off", values, modal.id)
    assert _delegations(h, aid, first) == [PAUL]
    assert len([t for t in told(h, MARIA) if "handed you" in t]) == 1
    assert len([m for m in h.slack.messages(MARIA) if f"a:{first}" in str(m.blocks)]) == 1
    said = f"Handed `{first}` to <@{MARIA}> (*{NAME}*)."
    assert page_of(h, PAUL).blocks[-1]["elements"][0]["text"] == said
    assert not any(t.startswith("Handed") for t in told(h, PAUL))
