"""A submitted modal whose change outlasts Slack's wait (see `bot.listeners.modal_errors.Reply`):
the modal as it was while the change is saved, then what came of it. Each is built from the
view Slack sent with the submission. Its input blocks keep their block and action ids (Slack
then keeps what was typed across an update), and each input starts from what was submitted in
it besides, so nothing typed is lost whatever Slack keeps."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import MODAL_TITLE_MAX, VIEW_BLOCKS_MAX, Block, context, plain, section
from bot.i18n import _
from bot.slack.mrkdwn import esc

SAVING_BLOCK = "saving-note"
REFUSED_BLOCK = "refused-note"
# What a view object may carry back into an update (Slack adds ids, state, hash and more).
KEPT = ("type", "callback_id", "title", "close", "submit", "private_metadata", "notify_on_close")
# A submitted input's state, and the element field that starts an input from it.
_INITIAL = {
    "value": "initial_value",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_user": "initial_user",
    "selected_users": "initial_users",
    "selected_conversation": "initial_conversation",
    "selected_conversations": "initial_conversations",
    "selected_channel": "initial_channel",
    "selected_channels": "initial_channels",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
    "selected_date_time": "initial_date_time",
}


def _as_submitted(block: Block, values: dict[str, Any]) -> Block:
    """An input block whose element starts from what was submitted in it (cleared when it was
    submitted empty); any other block as it is."""
    element = block.get("element")
    state = values.get(block.get("block_id") or "", {}).get((element or {}).get("action_id"))
    if block.get("type") != "input" or not isinstance(element, dict) or not isinstance(state, dict):
        return block
    element = {k: v for k, v in element.items() if k not in _INITIAL.values()}
    for key, initial in _INITIAL.items():
        if state.get(key) not in (None, "", []):
            element[initial] = state[key]
    return {**block, "element": element}


def _again(view: dict[str, Any], note: Block) -> tuple[dict[str, Any], bool]:
    """`view` as a new view object, its inputs as submitted, under `note` when there is room
    for it; and whether there was."""
    again = {key: view[key] for key in KEPT if view.get(key) is not None}
    values = (view.get("state") or {}).get("values") or {}
    blocks = [
        _as_submitted(b, values)
        for b in view.get("blocks") or []
        if b.get("block_id") not in (SAVING_BLOCK, REFUSED_BLOCK)
    ]
    shown = len(blocks) < VIEW_BLOCKS_MAX
    again["blocks"] = [note, *blocks] if shown else blocks
    return again, shown


def saving_view(view: dict[str, Any]) -> dict[str, Any]:
    """The submitted modal while its change is still being made: as it was, a note on top. Its
    submit button stays (Slack refuses a modal with inputs and none); submitted again, it waits
    behind the first and changes nothing more (a modal's submission counts once)."""
    note = context(_(":hourglass_flowing_sand: Still working on it: this takes longer than usual."))
    return _again(view, {**note, "block_id": SAVING_BLOCK})[0]


def done_view(view: dict[str, Any], text: str) -> dict[str, Any]:
    """The modal once its change was made after Slack stopped waiting: `text` only."""
    again = {key: view[key] for key in KEPT if view.get(key) is not None and key != "submit"}
    again["close"] = plain(_("Close"), MODAL_TITLE_MAX)
    again["blocks"] = [section(text)]
    return again


def refused_view(view: dict[str, Any], errors: dict[str, str]) -> tuple[dict[str, Any], bool]:
    """The submitted modal again, and on top what was refused (each error under the label of
    the field it is about), its inputs as submitted; and whether the refusal is in it (not in
    a modal of 100 blocks already)."""
    labels = {
        b.get("block_id"): (b.get("label") or {}).get("text", "") for b in view.get("blocks") or []
    }
    lines = [
        f"*{esc(labels[block])}*: {esc(error)}" if labels.get(block) else esc(error)
        for block, error in errors.items()
    ]
    text = _(":warning: Not saved.") + "\n" + "\n".join(lines)
    return _again(view, section(text, block_id=REFUSED_BLOCK))


def refused_text(view: dict[str, Any], errors: dict[str, str]) -> str:
    """The same refusal as a message, for a modal closed before it could be shown there."""
    title = (view.get("title") or {}).get("text", "")
    lines = "\n".join(f"• {esc(error)}" for error in errors.values())
    heading = _(":warning: What you submitted in “%(title)s” was not saved:") % {
        "title": esc(title)
    }
    return heading + ("\n" + lines if lines else "")
