"""Small Block Kit primitives that clip every text to its Slack limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.i18n import _
from bot.slack.mrkdwn import clip
from questionnaire.domain import Answer

Block = dict[str, Any]

SECTION_MAX = 3000
HEADER_MAX = 150
BUTTON_MAX = 75
CONTEXT_ELEMENTS_MAX = 10
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
MODAL_TITLE_MAX = 24
OPTION_TEXT_MAX = 75
OVERFLOW_MIN, OVERFLOW_MAX = 2, 5


def plain(text: str, limit: int = SECTION_MAX) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, SECTION_MAX)}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_MAX)}


def section(text: str, *, block_id: str | None = None, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def line_sections(lines: Sequence[str]) -> list[Block]:
    """Sections holding `lines` in order, each as full as its 3000-character limit allows: a long
    list is split, not cut (only a single line longer than a section is clipped)."""
    blocks: list[Block] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > SECTION_MAX:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return blocks


def fields(*texts: str) -> Block:
    return {"type": "section", "fields": [mrkdwn(t[:2000]) for t in texts[:10]]}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(t) for t in texts[:CONTEXT_ELEMENTS_MAX]]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    label: str,
    action_id: str,
    value: str | None = None,
    *,
    style: str | None = None,
    url: str | None = None,
    confirm: Block | None = None,
) -> Block:
    element: Block = {"type": "button", "text": plain(label, BUTTON_MAX), "action_id": action_id}
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str | None = None) -> Block:
    """Slack's "are you sure?" dialog on a button (`text` is mrkdwn)."""
    no = no or _("Cancel")
    return {
        "title": plain(title, 100),
        "text": mrkdwn(text),
        "confirm": plain(yes, 30),
        "deny": plain(no, 30),
    }


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: str, value: str) -> Block:
    return {"text": plain(text, OPTION_TEXT_MAX), "value": value}


def overflow(action_id: str, options: list[Block]) -> Block:
    """A ⋯ menu; Slack takes 2 to 5 options."""
    if not OVERFLOW_MIN <= len(options) <= OVERFLOW_MAX:
        raise ValueError(f"{len(options)} options in an overflow menu (2 to 5)")
    return {"type": "overflow", "action_id": action_id, "options": options}


def message(text: str, blocks: list[Block]) -> dict[str, Any]:
    """A message payload: a plain-text fallback and the blocks (checked against the 50 limit)."""
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        raise ValueError(f"{len(blocks)} blocks in one message; paginate (limit 50)")
    return {"text": clip(text, 3000), "blocks": blocks}


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None = None,
    close: str | None = None,
    private_metadata: str = "",
) -> dict[str, Any]:
    close = close or _("Cancel")
    if len(blocks) > VIEW_BLOCKS_MAX:
        raise ValueError(f"{len(blocks)} blocks in one modal (limit 100)")
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MODAL_TITLE_MAX),
        "close": plain(close, MODAL_TITLE_MAX),
        "blocks": blocks,
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, MODAL_TITLE_MAX)
    return view


def input_block(
    block_id: str,
    label: str,
    element: Block,
    *,
    optional: bool = False,
    hint: str | None = None,
    dispatch: bool = False,
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    if dispatch:
        block["dispatch_action"] = True
    return block


def answer_label(answer: Answer) -> str:
    """`Met`, `Partially met`... in the reader's language."""
    return _(answer.label)
