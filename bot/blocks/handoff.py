"""What a hand-off says to the person who receives it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, ngettext
from bot.slack.mrkdwn import esc, mention


def handed_what(requirement_ids: Sequence[str]) -> str:
    """`RM.DA.FA.L3.1` for one question, "3 questions" for more."""
    if len(requirement_ids) == 1:
        return f"`{esc(requirement_ids[0])}`"
    count = len(requirement_ids)
    return ngettext("%(num)d question", "%(num)d questions", count) % {"num": count}


def handed_to_you_text(
    actor: str, requirement_ids: Sequence[str], assessment_name: str, note: str | None
) -> str:
    """Who handed the receiver what, with their note quoted (escaped: it is theirs as typed)."""
    text = _("%(actor)s handed you %(what)s in *%(name)s*.") % {
        "actor": mention(actor),
        "what": handed_what(requirement_ids),
        "name": esc(assessment_name),
    }
    if note:
        text += "".join(f"\n> {esc(line)}" for line in note.splitlines())
    return text


def handoff_note(actor: str, note: str) -> str:
    """The note a hand-off came with, quoted under its giver's name (a reply in the page's
    thread, so it stays when the page is re-rendered)."""
    head = _("%(actor)s's note:") % {"actor": mention(actor)}
    return head + "".join(f"\n> {esc(line)}" for line in note.splitlines())
