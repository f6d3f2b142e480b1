"""The reminder policy form (start and settings modals), its parser, and its one-line summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from pydantic import ValidationError

from bot.blocks.adaptive import adaptive_input
from bot.blocks.channel_language import language_input
from bot.blocks.common import (
    Block,
    context,
    input_block,
    line_sections,
    message,
    modal,
    option,
    plain,
    section,
)
from bot.i18n import N_, _, format_day, ngettext, weekday_name
from bot.slack.ids import View
from bot.slack.mrkdwn import esc
from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.holidays import MAX_HOLIDAYS, parse_dates

CADENCE, DAYS, TIME = "policy_cadence", "policy_days", "policy_time"
GRACE, ESCALATE, HOLIDAYS = "policy_grace", "policy_escalate", "policy_holidays"
DIGEST_DAY, DIGEST_TIME = "policy_digest_day", "policy_digest_time"
ACTION = "value"
DIGEST_OFF = "off"
DATES_LISTED = 5  # a confirmation names this many dates; more are summed up as a range
WEEKDAYS = range(7)  # Monday to Sunday, named by `weekday_name` in the reader's language
CADENCES = (
    ("weekdays", N_("Weekdays (Monday to Friday)")),
    ("daily", N_("Every day")),
    ("days", N_("Chosen days (tick them below)")),
)
# Policy field -> the block that edits it, and what to say when its value is refused (marked,
# translated when said).
FIELDS = {
    "cadence": (CADENCE, N_("Choose how often to remind.")),
    "days": (DAYS, N_("Tick at least one day, or remind on weekdays or every day.")),
    "local_time": (TIME, N_("Pick a time of day.")),
    "grace_days": (GRACE, N_("Enter a whole number of days from %(lo)d to %(hi)d.")),
    "escalate_after": (ESCALATE, N_("Enter a whole number of reminders from %(lo)d to %(hi)d.")),
    "holidays": (HOLIDAYS, N_("Write dates as YYYY-MM-DD, for example 2026-12-25.")),
    "digest_weekday": (DIGEST_DAY, N_("Choose a day, or Off.")),
    "digest_time": (DIGEST_TIME, N_("Pick a time of day.")),
}


def _bounds(name: str) -> tuple[int, int]:
    """The range the domain model allows for a numeric policy field (one source of truth)."""
    found = {}
    for rule in ReminderPolicy.model_fields[name].metadata:
        found.update({k: getattr(rule, k) for k in ("ge", "le") if hasattr(rule, k)})
    return found["ge"], found["le"]


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _single_choice(kind: str, options: list[Block], value: str) -> Block:
    """A radio_buttons or static_select element with `value` chosen."""
    chosen = next(o for o in options if o["value"] == value)
    return {"type": kind, "action_id": ACTION, "options": options, "initial_option": chosen}


def _timepicker(value: time) -> Block:
    return {"type": "timepicker", "action_id": ACTION, "initial_time": _hhmm(value)}


def _number(value: int, name: str) -> Block:
    lo, hi = _bounds(name)
    return {
        "type": "number_input",
        "action_id": ACTION,
        "is_decimal_allowed": False,
        "min_value": str(lo),
        "max_value": str(hi),
        "initial_value": str(value),
    }


def _days_input(days: Sequence[int]) -> Block:
    options = [option(weekday_name(i), str(i)) for i in WEEKDAYS]
    element: Block = {"type": "checkboxes", "action_id": ACTION, "options": options}
    ticked = [options[d] for d in sorted(set(days)) if 0 <= d < len(WEEKDAYS)]
    if ticked:  # Slack refuses an empty initial_options
        element["initial_options"] = ticked
    return element


def _digest_input(weekday: int | None) -> Block:
    options = [
        option(_("Off"), DIGEST_OFF),
        *(option(_("Every %(weekday)s") % {"weekday": weekday_name(i)}, str(i)) for i in WEEKDAYS),
    ]
    return _single_choice("static_select", options, DIGEST_OFF if weekday is None else str(weekday))


def _holidays_input(days: Sequence[date]) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": ACTION,
        "max_length": 1500,
        "placeholder": plain("2026-12-24, 2026-12-25"),
    }
    if days:
        element["initial_value"] = ", ".join(d.isoformat() for d in days)
    return element


def policy_blocks(policy: ReminderPolicy, *, full: bool = True) -> list[Block]:
    """Inputs for a reminder policy; without `full` only the common ones (the start modal)."""
    cadences = [option(_(label), value) for value, label in CADENCES]
    blocks = [
        input_block(
            CADENCE, _("Remind people"), _single_choice("radio_buttons", cadences, policy.cadence)
        ),
        input_block(
            DAYS,
            _("Chosen days"),
            _days_input(policy.days),
            optional=True,
            hint=_("Used with “Chosen days”."),
        ),
        input_block(TIME, _("At (each person's local time)"), _timepicker(policy.local_time)),
    ]
    if full:
        blocks += [
            input_block(
                GRACE,
                _("First reminder after this many days without activity"),
                _number(policy.grace_days, "grace_days"),
            ),
            input_block(
                ESCALATE,
                _("Tell the lead after this many reminders without progress"),
                _number(policy.escalate_after, "escalate_after"),
            ),
            input_block(
                HOLIDAYS,
                _("Holidays of this assessment (no reminders)"),
                _holidays_input(policy.holidays),
                optional=True,
                hint=_(
                    "Dates as YYYY-MM-DD. The workspace's holidays (/maturity holidays) apply too."
                ),
            ),
        ]
    blocks.append(
        input_block(
            DIGEST_DAY,
            _("Weekly progress digest in the channel"),
            _digest_input(policy.digest_weekday),
            hint=_("Posts what changed since the previous digest while the assessment is open."),
        )
    )
    if full:
        blocks.append(
            input_block(
                DIGEST_TIME,
                _("Digest time (the lead's local time)"),
                _timepicker(policy.digest_time),
            )
        )
    return blocks


def _raw_changes(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The policy fields present in a submitted form, as Slack sent them, and holiday errors."""
    state = {
        block: values[block].get(ACTION) or {} for block in values if block.startswith("policy_")
    }
    picked = {b: (s.get("selected_option") or {}).get("value") for b, s in state.items()}
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if picked.get(CADENCE):
        changes["cadence"] = picked[CADENCE]
    if DAYS in state:
        changes["days"] = sorted(o.get("value") for o in state[DAYS].get("selected_options") or [])
    for block, name in ((TIME, "local_time"), (DIGEST_TIME, "digest_time")):
        if state.get(block, {}).get("selected_time"):
            changes[name] = state[block]["selected_time"]
    for block, name in ((GRACE, "grace_days"), (ESCALATE, "escalate_after")):
        if state.get(block, {}).get("value") is not None:
            changes[name] = state[block]["value"]
    if picked.get(DIGEST_DAY):
        changes["digest_weekday"] = None if picked[DIGEST_DAY] == DIGEST_OFF else picked[DIGEST_DAY]
    if HOLIDAYS in state:
        days, bad = parse_dates(state[HOLIDAYS].get("value") or "")
        if bad:
            shown = ", ".join(f"“{w[:20]}”" for w in bad[:3])
            errors[HOLIDAYS] = (
                _("Not a date: %(dates)s.") % {"dates": shown} + " " + _(FIELDS["holidays"][1])
            )
        elif len(days) > MAX_HOLIDAYS:
            errors[HOLIDAYS] = _("At most %(max)d dates; this has %(num)d.") % {
                "max": MAX_HOLIDAYS,
                "num": len(days),
            }
        else:
            changes["holidays"] = days
    return changes, errors


def _message(field: str) -> tuple[str, str]:
    block, text = FIELDS.get(field, (CADENCE, N_("This setting is not valid.")))
    if "%(lo)d" in text:
        lo, hi = _bounds(field)
        return block, _(text) % {"lo": lo, "hi": hi}
    return block, _(text)


def parse_policy(
    values: dict[str, Any], base: ReminderPolicy | None = None
) -> ReminderPolicy | dict[str, str]:
    """The policy a submitted form describes, or block id -> message for every refused field.

    Fields the form does not show keep their value in `base` (the defaults when None)."""
    base = base or ReminderPolicy()
    changes, errors = _raw_changes(values)
    try:
        policy = ReminderPolicy.model_validate({**base.model_dump(), **changes})
    except ValidationError as exc:
        policy = None
        for error in exc.errors():
            block, text = _message(str(error["loc"][0]))
            errors.setdefault(block, text)
    if policy is not None and (
        (policy.cadence == "days" and not policy.days)
        or any(not 0 <= d < len(WEEKDAYS) for d in policy.days)
    ):
        errors[DAYS] = _(FIELDS["days"][1])
    if errors or policy is None:
        return errors
    return policy


def describe_policy(policy: ReminderPolicy) -> str:
    """One line: when reminders go out, escalation, holidays and the weekly digest."""
    if policy.cadence == "daily":
        when = _("every day")
    elif policy.cadence == "weekdays":
        when = _("on weekdays")
    else:
        names = _(", ").join(weekday_name(d, short=True) for d in sorted(policy.days))
        when = _("on %(days)s") % {"days": names} if names else _("on no day")
    digest = (
        _("off")
        if policy.digest_weekday is None
        else _("every %(weekday)s at %(time)s in the lead's time zone")
        % {"weekday": weekday_name(policy.digest_weekday), "time": _hhmm(policy.digest_time)}
    )
    count = len(policy.holidays)
    holidays = (
        ngettext("%(num)d holiday", "%(num)d holidays", count) % {"num": count}
        if count
        else _("no own holidays")
    )
    return _(
        "reminders %(when)s at %(time)s local time, the first after %(quiet)s; the lead is told "
        "after %(reminders)s without progress; %(holidays)s; weekly digest %(digest)s."
    ) % {
        "when": when,
        "time": _hhmm(policy.local_time),
        "quiet": quiet_days(policy.grace_days),
        "reminders": reminders_text(policy.escalate_after),
        "holidays": holidays,
        "digest": digest,
    }


def quiet_days(count: int) -> str:
    return ngettext("%(num)d quiet day", "%(num)d quiet days", count) % {"num": count}


def reminders_text(count: int) -> str:
    return ngettext("%(num)d reminder", "%(num)d reminders", count) % {"num": count}


def settings_modal(
    assessment: Assessment, private_metadata: str, channel_language: str | None = None
) -> dict[str, Any]:
    """`/maturity settings`: adaptive questioning, the channel language (`channel_language`: the
    one in force) and every policy field, filled in with the current values."""
    blocks = [
        section(
            _("Questions, reminders and the weekly digest of *%(name)s*.")
            % {"name": esc(assessment.name)}
        ),
        adaptive_input(assessment.adaptive),
        language_input(channel_language or assessment.channel_locale),
        *policy_blocks(assessment.reminder_policy),
    ]
    return modal(
        View.SETTINGS,
        _("Assessment settings"),
        blocks,
        submit=_("Save"),
        private_metadata=private_metadata,
    )


def start_policy_blocks() -> list[Block]:
    """The short policy part of the start modal, with a pointer to the rest."""
    policy = ReminderPolicy()
    return [
        *policy_blocks(policy, full=False),
        context(
            _(
                "The first reminder comes after %(quiet)s, and the lead is told after "
                "%(reminders)s without progress. Change these, holidays and the digest time "
                "later with `/maturity settings`."
            )
            % {
                "quiet": quiet_days(policy.grace_days),
                "reminders": reminders_text(policy.escalate_after),
            }
        ),
    ]


def holidays_reply(
    days: Sequence[date], note: str = "", *, may_change: bool, calendar: str | None = None
) -> dict[str, Any]:
    """The workspace's holidays (ephemeral), after an optional note on what just changed, and
    its public holiday calendar if any; a long list spreads over several sections. How to add
    some is said only to who may."""
    if days:
        lines = [
            _("*Workspace holidays* (no reminders in any assessment):"),
            *(f"• {format_day(d)}" for d in days),
        ]
    elif may_change:
        lines = [_("No workspace holidays yet. Add some with `/maturity holidays add 2026-12-25`.")]
    else:
        lines = [_("No workspace holidays yet.")]
    if calendar:
        lines.append(
            _(
                "*Public holidays:* those of %(calendar)s; a person whose Slack time zone names "
                "another country gets that country's instead."
            )
            % {"calendar": calendar}
        )
    if note:
        lines.insert(0, note)
    return message("\n".join(lines), line_sections(lines))


def days_summary(days: Sequence[date]) -> str:
    """`Fri 25 Dec 2026, Fri 1 Jan 2027` for confirmations; beyond a few dates, their count and
    range: `12 dates: Fri 25 Dec 2026 … Fri 10 Dec 2027`."""
    if len(days) <= DATES_LISTED:
        return ", ".join(format_day(d) for d in days)
    return ngettext(
        "%(num)d date: %(first)s … %(last)s", "%(num)d dates: %(first)s … %(last)s", len(days)
    ) % {"num": len(days), "first": format_day(days[0]), "last": format_day(days[-1])}
