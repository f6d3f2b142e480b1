"""The reply to `/maturity admins`: who administers the workspace, and how that is decided."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from bot.blocks.common import line_sections, message
from bot.i18n import N_, _, format_day
from bot.slack.mrkdwn import mention
from questionnaire.domain import WorkspaceAdmin

ADD_HINT = N_("Add one with `/maturity admins add @person`.")


def admins_reply(
    listed: Sequence[WorkspaceAdmin], operators: Collection[str], note: str = ""
) -> dict[str, Any]:
    """The workspace's listed admins (ephemeral), after an optional note on what just changed,
    and the operators' admins of every workspace; a long list spreads over several sections."""
    if listed:
        lines = [
            _("*Admins of this workspace:*"),
            *(
                "• "
                + _("%(person)s (added by %(by)s, %(date)s)")
                % {
                    "person": mention(a.user_id),
                    "by": mention(a.added_by),
                    "date": format_day(a.added_at.date()),
                }
                for a in listed
            ),
        ]
    else:
        lines = [
            _(
                "No admins listed yet: whoever installed the app and Slack's workspace admins and "
                "owners act as admins."
            )
            + " "
            + _(ADD_HINT)
        ]
    if operators:
        everywhere = ", ".join(mention(u) for u in sorted(operators))
        lines.append(
            _("Admins of every workspace (set by the operator): %(people)s.")
            % {"people": everywhere}
        )
    if note:
        lines.insert(0, note)
    return message("\n".join(lines), line_sections(lines))
