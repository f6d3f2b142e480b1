"""`/maturity holidays [add|remove DATE...|country CODE [SUBDIVISION]|country off]`: the
workspace's holidays and public holiday calendar, when no one is reminded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import Ack

from bot.blocks.messages import plain_reply
from bot.blocks.policy import days_summary, holidays_reply
from bot.config.services import Services
from bot.i18n import N_, _
from bot.slack.mrkdwn import esc
from questionnaire.holidays import parse_dates
from questionnaire.usecases.holidays import (
    HolidayChange,
    change_calendar,
    change_holidays,
    may_change_holidays,
    workspace_calendar,
    workspace_holidays,
)

if TYPE_CHECKING:
    from bot.listeners.invocation import Invocation

USAGE = N_(
    "Usage: `/maturity holidays` lists the workspace's holidays; "
    "`/maturity holidays add 2026-12-25 2027-01-01`, `/maturity holidays remove 2026-12-25` "
    "and `/maturity holidays country DE BY` (a country's and region's public holidays; "
    "`country off` for none) change them (admins; leads when no admin is set)."
)


def _note(change: HolidayChange, done: str, skipped: str) -> str:
    """`done` and `skipped` are templates with %(dates)s, marked with N_."""
    parts = [_(done) % {"dates": days_summary(change.changed)} if change.changed else ""]
    if change.unchanged:
        parts.append(_(skipped) % {"dates": days_summary(change.unchanged)})
    return " ".join(p for p in parts if p)


def handle(services: Services, inv: Invocation, ack: Ack) -> None:
    """List, add or remove workspace holidays; use-case errors reach the command's handler."""
    words = (inv.name or "").split()
    verb = words[0].lower() if words else "list"
    if verb == "list":  # words after it change nothing
        days = workspace_holidays(services.uow, inv.team_id)
        may = may_change_holidays(services.uow, inv.team_id, inv.user_id, inv.admins)
        ack(**holidays_reply(days, may_change=may, calendar=_calendar(services, inv)))
        return
    if verb == "country":
        _country(services, inv, ack, words[1:])
        return
    if verb not in ("add", "remove"):
        dont = _("I don't know `holidays %(verb)s`.") % {"verb": esc(verb)}
        ack(**plain_reply(f"{dont} {_(USAGE)}"))
        return
    days, bad = parse_dates(" ".join(words[1:]))
    if bad:
        shown = ", ".join(f"`{esc(w[:20])}`" for w in bad[:3])
        bad_dates = _(":warning: Not a date: %(dates)s. Write dates as YYYY-MM-DD.") % {
            "dates": shown
        }
        ack(**plain_reply(f"{bad_dates} {_(USAGE)}"))
        return
    add = verb == "add"
    change = change_holidays(
        services.uow, services.clock, inv.team_id, days, inv.user_id, inv.admins, add=add
    )
    note = (
        _note(change, N_("Added %(dates)s."), N_("Already holidays: %(dates)s."))
        if add
        else _note(change, N_("Removed %(dates)s."), N_("Not holidays: %(dates)s."))
    )
    ack(**holidays_reply(change.holidays, note, may_change=True, calendar=_calendar(services, inv)))


def _calendar(services: Services, inv: Invocation) -> str | None:
    calendar = workspace_calendar(services.uow, inv.team_id)
    return str(calendar) if calendar else None


def _country(services: Services, inv: Invocation, ack: Ack, words: list[str]) -> None:
    """`country DE [BY]` or `country off`; use-case errors reach the command's handler."""
    if not words or len(words) > 2:
        name_one = _("Name a country code, and a region's if you like.")
        ack(**plain_reply(f"{name_one} {_(USAGE)}"))
        return
    off = words[0].lower() in ("off", "none")
    country = None if off else words[0]
    subdivision = words[1] if len(words) == 2 and not off else None
    calendar = change_calendar(
        services.uow,
        services.clock,
        inv.team_id,
        country,
        inv.user_id,
        inv.admins,
        subdivision,
    )
    days = workspace_holidays(services.uow, inv.team_id)
    note = (
        _("Now following the public holidays of %(calendar)s.") % {"calendar": calendar}
        if calendar
        else _("No public holidays now.")
    )
    ack(**holidays_reply(days, note, may_change=True, calendar=str(calendar) if calendar else None))
