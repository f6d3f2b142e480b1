"""`/maturity admins [add @person…|remove @person…]`: who administers the workspace."""

from __future__ import annotations

import logging

from slack_bolt import Ack

from bot.blocks.admins import admins_reply
from bot.blocks.messages import plain_reply
from bot.config.services import Services
from bot.i18n import N_, _
from bot.listeners.invocation import Invocation
from bot.slack.directory import Directory
from bot.slack.mrkdwn import esc, mention
from questionnaire.usecases.admins import change_admins, listed_admins

log = logging.getLogger(__name__)

USAGE = N_(
    "Usage: `/maturity admins` lists this workspace's admins; "
    "`/maturity admins add @person…` and `/maturity admins remove @person…` change them "
    "(admins only)."
)


def handle(services: Services, directory: Directory, inv: Invocation, ack: Ack) -> None:
    """List, add or remove the workspace's admins; use-case errors reach the command's handler."""
    words = (inv.name or "").split()
    verb = words[0].lower() if words else "list"
    if verb == "list":
        ack(**admins_reply(listed_admins(services.uow, inv.team_id), services.admins))
        return
    if verb not in ("add", "remove"):
        dont = _("I don't know `admins %(verb)s`.") % {"verb": esc(verb)}
        ack(**plain_reply(f"{dont} {_(USAGE)}"))
        return
    if not inv.mentioned:
        mention_them = _(":warning: Mention the people, like `@maria`.")
        ack(**plain_reply(f"{mention_them} {_(USAGE)}"))
        return
    add = verb == "add"
    for user_id in inv.mentioned if add else ():
        why = directory.why_unreachable(inv.team_id, user_id)
        if why:
            cant = _(":warning: %(person)s can't be an admin: %(why)s")
            ack(**plain_reply(cant % {"person": mention(user_id), "why": why}))
            return
    change = change_admins(
        services.uow, services.clock, inv.team_id, inv.mentioned, inv.user_id, inv.admins, add=add
    )
    services.listed_admins.discard(inv.team_id)  # this process sees the change at once
    if change.changed:  # who changed the list, besides the rows' added_by
        log.info(
            "admins of %s: %s %s by %s",
            inv.team_id,
            "added" if add else "removed",
            ",".join(change.changed),
            inv.user_id,
        )
    ack(
        **admins_reply(change.admins, services.admins, _note(change.changed, change.unchanged, add))
    )


def _note(changed: list[str], unchanged: list[str], add: bool) -> str:
    if add:
        done, skipped = _("Added %(people)s."), _("Already admins: %(people)s.")
    else:
        done, skipped = _("Removed %(people)s."), _("Not listed: %(people)s.")
    parts = [done % {"people": _people(changed)} if changed else ""]
    if unchanged:
        parts.append(skipped % {"people": _people(unchanged)})
    return " ".join(p for p in parts if p)


def _people(user_ids: list[str]) -> str:
    return ", ".join(mention(u) for u in user_ids)
