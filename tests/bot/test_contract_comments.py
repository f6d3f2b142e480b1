"""Contract tests: a comment on an answer, from the question's ⋯ menu, through the signed app."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import MessageRef
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, Response, plain_text_value
from questionnaire.domain import Answer, RequirementState
from questionnaire.usecases.answering import COMMENT_MAX

from .steps import CHANNEL, EVE, LEAD, PAUL, click_on, page_of, told, view_of

COMMENT = "Partially met: we version data but not features"


def _answered(h: Harness, answer: str = "partial") -> tuple[str, Message]:
    """Paul answers his first question; its id and his page as it now reads."""
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, f"answer:{answer}", requirement=first)
    return first, page_of(h, PAUL)


def _now(h: Harness, page: Message) -> Message:
    """The page as it reads now (updated in place, same ts)."""
    return next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)


def _status(page: Message, requirement: str) -> str:
    """The question's status line ('' when it has none)."""
    blocks = page.blocks
    at = next(n for n, b in enumerate(blocks) if b.get("block_id") == f"q:{requirement}")
    below = blocks[at + 1]
    return str(below["elements"][0]["text"]) if below["type"] == "context" else ""


def _menu(page: Message, requirement: str) -> list[str]:
    block = next(b for b in page.blocks if b.get("block_id") == f"a:{requirement}")
    [menu] = [e for e in block["elements"] if e["type"] == "overflow"]
    return [o["text"]["text"] for o in menu["options"]]


def _comment_box(h: Harness, user_id: str) -> dict[str, Any]:
    """The text input of the user's open comment modal."""
    modal = h.slack.open_modal(user_id)
    assert modal is not None and modal.callback_id == "answer_comment"
    [box] = [b for b in modal.body["blocks"] if b.get("block_id") == "comment"]
    element: dict[str, Any] = box["element"]
    return element


def _save(h: Harness, user_id: str, text: str | None, metadata: str | None = None) -> Response:
    """Submit the open comment modal with `text` in the box (None: left empty); `metadata`
    forges the modal of someone who was never shown one."""
    value = plain_text_value(text) if text is not None else {"type": "plain_text_input"}
    values = {"comment": {"value": value}}
    return h.users.view_submission(user_id, "answer_comment", values, private_metadata=metadata)


def _accepted(response: Response) -> None:
    assert response.status == 200 and not response.body, response.body


def _state(h: Harness, aid: int, requirement: str) -> RequirementState | None:
    return view_of(h, aid).states.get(requirement)


def _pages(h: Harness) -> int:
    return sum(1 for m in h.slack.messages(PAUL) if "a:" in str(m.blocks))


def test_add_edit_and_clear_a_comment_on_the_page_in_place(started: tuple[Harness, int]) -> None:
    h, aid = started
    first, page = _answered(h)
    pages = _pages(h)
    assert "Add a comment" in _menu(page, first)

    scenario.pick_from_menu(h, PAUL, "Add a comment", requirement=first, page=page)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.title == "Add a comment"
    assert "initial_value" not in _comment_box(h, PAUL)
    _accepted(_save(h, PAUL, f"  {COMMENT}\n"))
    assert h.slack.open_modal(PAUL) is None
    state = _state(h, aid, first)
    assert state is not None and (state.answer, state.comment) == (Answer.PARTIAL, COMMENT)
    page = _now(h, page)
    assert f":speech_balloon: _{COMMENT}_" in _status(page, first)
    assert "Edit comment" in _menu(page, first) and "Add a comment" not in _menu(page, first)
    assert _pages(h) == pages

    # Editing shows the comment as it is; what is typed is shown escaped on one line.
    scenario.pick_from_menu(h, PAUL, "Edit comment", requirement=first, page=page)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.title == "Edit comment"
    assert _comment_box(h, PAUL)["initial_value"] == COMMENT
    _accepted(_save(h, PAUL, "Data: yes.\nFeatures: <!here> not yet"))
    state = _state(h, aid, first)
    assert state is not None and state.comment == "Data: yes.\nFeatures: <!here> not yet"
    page = _now(h, page)
    assert ":speech_balloon: _Data: yes. Features: &lt;!here&gt; not yet_" in _status(page, first)

    # Emptying the box removes it.
    scenario.pick_from_menu(h, PAUL, "Edit comment", requirement=first, page=page)
    _accepted(_save(h, PAUL, None))
    state = _state(h, aid, first)
    assert state is not None and state.answer is Answer.PARTIAL and state.comment is None
    page = _now(h, page)
    assert ":speech_balloon:" not in _status(page, first)
    assert "Add a comment" in _menu(page, first) and _pages(h) == pages


def test_changing_the_answer_afterwards_keeps_the_comment(started: tuple[Harness, int]) -> None:
    h, aid = started
    first, page = _answered(h)
    scenario.pick_from_menu(h, PAUL, "Add a comment", requirement=first, page=page)
    _accepted(_save(h, PAUL, COMMENT))
    scenario.click(h, PAUL, "answer:not_met", requirement=first)
    state = _state(h, aid, first)
    assert state is not None and (state.answer, state.comment) == (Answer.NOT_MET, COMMENT)
    line = _status(_now(h, page), first)
    assert line.startswith(":x: *Not met*") and f"_{COMMENT}_" in line


def test_the_lead_comments_on_a_page_that_stays_its_owners(started: tuple[Harness, int]) -> None:
    h, aid = started
    first, page = _answered(h)
    scenario.pick_from_menu(h, LEAD, "Add a comment", requirement=first, page=page)
    _accepted(_save(h, LEAD, "Checked with Paul"))
    state = _state(h, aid, first)
    assert state is not None and state.comment == "Checked with Paul"
    assert state.answered_by == PAUL  # a comment is not an answer
    page = _now(h, page)
    assert "_Checked with Paul_" in _status(page, first)
    assert scenario.open_questions(h, PAUL) and first not in scenario.open_questions(h, PAUL)


def test_an_outsider_is_refused_like_when_answering(started: tuple[Harness, int]) -> None:
    h, aid = started
    first, page = _answered(h)
    click_on(h, EVE, page, "answer:met", f"a:{first}")
    for_answering = told(h, EVE)[-1]
    scenario.pick_from_menu(h, EVE, "Add a comment", requirement=first, page=page)
    assert h.slack.open_modal(EVE) is None
    assert told(h, EVE)[-1] == for_answering and for_answering.startswith(":no_entry:")
    assert f"is <@{PAUL}>'s" in for_answering

    # A forged submission is refused in the modal's own words.
    forged = _save(h, EVE, "pwned", MessageRef(a=aid, r=first).dump())
    assert "is @Paul's" in forged.body["errors"]["comment"]
    state = _state(h, aid, first)
    assert state is not None and state.comment is None


def test_too_long_or_too_late_is_shown_in_the_modal(started: tuple[Harness, int]) -> None:
    h, aid = started
    first, page = _answered(h)
    scenario.pick_from_menu(h, PAUL, "Add a comment", requirement=first, page=page)
    assert _comment_box(h, PAUL)["max_length"] == COMMENT_MAX
    too_long = _save(h, PAUL, "x" * (COMMENT_MAX + 1))
    assert too_long.body == {
        "response_action": "errors",
        "errors": {
            "comment": f"Keep the comment to {COMMENT_MAX} characters; "
            f"this one has {COMMENT_MAX + 1}."
        },
    }
    assert h.slack.open_modal(PAUL) is not None  # still open, to shorten it

    h.users.slash_command(LEAD, "close", channel_id=CHANNEL)
    late = _save(h, PAUL, "fine now")
    assert "answers can no longer change" in late.body["errors"]["comment"]
    state = _state(h, aid, first)
    assert state is not None and state.comment is None
