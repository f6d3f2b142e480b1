"""Which questions a clicked page showed, read from the message Slack sends back with the click
(the answer reads their evidence with its write)."""

from __future__ import annotations

from typing import Any

from bot.blocks.questions import questions_shown


def shown_on_message(body: dict[str, Any]) -> tuple[str, ...]:
    """What the click listener reads: the blocks of the message it was clicked in."""
    return questions_shown((body.get("message") or {}).get("blocks"))


def _body(blocks: Any) -> dict[str, Any]:
    return {"message": {"ts": "1.1", "blocks": blocks}}


def test_the_question_blocks_of_the_message_in_order() -> None:
    blocks = [
        {"type": "header", "block_id": "h"},
        {"type": "section", "block_id": "q:RM.DA.1"},
        {"type": "actions", "block_id": "a:RM.DA.1"},
        {"type": "section", "block_id": "q:RM.DA.2"},
        {"type": "context"},
    ]
    assert shown_on_message(_body(blocks)) == ("RM.DA.1", "RM.DA.2")


def test_what_a_message_cannot_hold_or_a_forger_sends_is_left_out() -> None:
    assert shown_on_message({}) == ()
    assert shown_on_message(_body(None)) == ()
    assert shown_on_message(_body(["q:R1", {"block_id": 7}, {"block_id": "q:"}])) == ()
    many = [{"block_id": f"q:R{n}"} for n in range(500)]
    assert len(shown_on_message(_body(many))) == 50  # a message holds 50 blocks at most
