"""A submitted modal whose change outlasts Slack's wait (see `bot.listeners.modal_errors.Reply`):
the modal as it was while the change is saved, then what came of it. Each is built from the
view Slack sent with the submission; the input blocks stay exactly as they were, so what the
person typed stays in them (Slack keeps an input's value across views.update when its block and
action ids are unchanged)."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import MODAL_TITLE_MAX, VIEW_BLOCKS_MAX, Block, context, plain, section
from bot.i18n import _
from bot.slack.mrkdwn import esc

SAVING_BLOCK = "saving-note"
REFUSED_BLOCK = "refused-note"
# What a view object may carry back into views.update (Slack adds ids, state, hash and more).
_KEPT = ("type", "callback_id", "title", "close", "submit", "private_metadata", "notify_on_close")


def _again(view: dict[str, Any], note: Block | None) -> dict[str, Any]:
    """`view` as a new view object: its blocks (less an earlier note) under `note` when there
    is room for it."""
    again = {key: view[key] for key in _KEPT if key in view}
    blocks = [
        b
        for b in view.get("blocks") or []
        if b.get("block_id") not in (SAVING_BLOCK, REFUSED_BLOCK)
    ]
    if note is not None and len(blocks) < VIEW_BLOCKS_MAX:
        blocks.insert(0, note)
    again["blocks"] = blocks
    return again


def saving_view(view: dict[str, Any]) -> dict[str, Any]:
    """The submitted modal while its change is still being saved: as it was, a note on top. Its
    submit button stays (Slack refuses a modal with inputs and none); submitted again, it waits
    behind the first and changes nothing more (a modal's submission counts once)."""
    note = context(_(":hourglass_flowing_sand: Still saving: this is taking longer than usual."))
    return _again(view, {**note, "block_id": SAVING_BLOCK})


def saved_view(view: dict[str, Any]) -> dict[str, Any]:
    """The modal once its change was saved after Slack stopped waiting: a confirmation only."""
    again = {key: view[key] for key in _KEPT if key in view and key != "submit"}
    again["close"] = plain(_("Close"), MODAL_TITLE_MAX)
    again["blocks"] = [section(_(":white_check_mark: Saved."))]
    return again


def refused_view(view: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The submitted modal again, and on top what was refused (each error under the label of
    the field it is about); the typed values are still in it."""
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
    return _(":warning: What you submitted in *%(title)s* was not saved:") % {
        "title": esc(title)
    } + ("\n" + lines if lines else "")
