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
from bot.slack.ids import View
from bot.slack.mrkdwn import day, esc, plural
from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.holidays import MAX_HOLIDAYS, parse_dates

CADENCE, DAYS, TIME = "policy_cadence", "policy_days", "policy_time"
GRACE, ESCALATE, HOLIDAYS = "policy_grace", "policy_escalate", "policy_holidays"
DIGEST_DAY, DIGEST_TIME = "policy_digest_day", "policy_digest_time"
ACTION = "value"
DIGEST_OFF = "off"
DATES_LISTED = 5  # a confirmation names this many dates; more are summed up as a range
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CADENCES = (
    ("weekdays", "Weekdays (Monday to Friday)"),
    ("daily", "Every day"),
    ("days", "Chosen days (tick them below)"),
)
# Policy field -> the block that edits it, and what to say when its value is refused.
FIELDS = {
    "cadence": (CADENCE, "Choose how often to remind."),
    "days": (DAYS, "Tick at least one day, or remind on weekdays or every day."),
    "local_time": (TIME, "Pick a time of day."),
    "grace_days": (GRACE, "Enter a whole number of days from {lo} to {hi}."),
    "escalate_after": (ESCALATE, "Enter a whole number of reminders from {lo} to {hi}."),
    "holidays": (HOLIDAYS, "Write dates as YYYY-MM-DD, for example 2026-12-25."),
    "digest_weekday": (DIGEST_DAY, "Choose a day, or Off."),
    "digest_time": (DIGEST_TIME, "Pick a time of day."),
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
    options = [option(name, str(i)) for i, name in enumerate(WEEKDAYS)]
    element: Block = {"type": "checkboxes", "action_id": ACTION, "options": options}
    ticked = [options[d] for d in sorted(set(days)) if 0 <= d < len(WEEKDAYS)]
    if ticked:  # Slack refuses an empty initial_options
        element["initial_options"] = ticked
    return element


def _digest_input(weekday: int | None) -> Block:
    options = [
        option("Off", DIGEST_OFF),
        *(option(f"{n}s", str(i)) for i, n in enumerate(WEEKDAYS)),
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
    cadences = [option(label, value) for value, label in CADENCES]
    blocks = [
        input_block(
            CADENCE, "Remind people", _single_choice("radio_buttons", cadences, policy.cadence)
        ),
        input_block(
            DAYS,
            "Chosen days",
            _days_input(policy.days),
            optional=True,
            hint="Used with “Chosen days”.",
        ),
        input_block(TIME, "At (each person's local time)", _timepicker(policy.local_time)),
    ]
    if full:
        blocks += [
            input_block(
                GRACE,
                "First reminder after this many days without activity",
                _number(policy.grace_days, "grace_days"),
            ),
            input_block(
                ESCALATE,
                "Tell the lead after this many reminders without progress",
                _number(policy.escalate_after, "escalate_after"),
            ),
            input_block(
                HOLIDAYS,
                "Holidays of this assessment (no reminders)",
                _holidays_input(policy.holidays),
                optional=True,
                hint="Dates as YYYY-MM-DD. The workspace's holidays (/maturity holidays) apply too.",
            ),
        ]
    blocks.append(
        input_block(
            DIGEST_DAY,
            "Weekly progress digest in the channel",
            _digest_input(policy.digest_weekday),
            hint="Posts what changed since the previous digest while the assessment is open.",
        )
    )
    if full:
        blocks.append(
            input_block(
                DIGEST_TIME, "Digest time (the lead's local time)", _timepicker(policy.digest_time)
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
            errors[HOLIDAYS] = f"Not a date: {shown}. {FIELDS['holidays'][1]}"
        elif len(days) > MAX_HOLIDAYS:
            errors[HOLIDAYS] = f"At most {MAX_HOLIDAYS} dates; this has {len(days)}."
        else:
            changes["holidays"] = days
    return changes, errors


def _message(field: str) -> tuple[str, str]:
    block, text = FIELDS.get(field, (CADENCE, "This setting is not valid."))
    if "{lo}" in text:
        lo, hi = _bounds(field)
        text = text.format(lo=lo, hi=hi)
    return block, text


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
        errors[DAYS] = FIELDS["days"][1]
    if errors or policy is None:
        return errors
    return policy


def describe_policy(policy: ReminderPolicy) -> str:
    """One line: when reminders go out, escalation, holidays and the weekly digest."""
    if policy.cadence == "daily":
        when = "every day"
    elif policy.cadence == "weekdays":
        when = "on weekdays"
    else:
        when = "on " + (", ".join(WEEKDAYS[d][:3] for d in sorted(policy.days)) or "no day")
    digest = (
        "off"
        if policy.digest_weekday is None
        else f"{WEEKDAYS[policy.digest_weekday]}s at {_hhmm(policy.digest_time)} in the lead's time zone"
    )
    holidays = plural(len(policy.holidays), "holiday") if policy.holidays else "no own holidays"
    return (
        f"reminders {when} at {_hhmm(policy.local_time)} local time, the first after "
        f"{plural(policy.grace_days, 'quiet day')}; the lead is told after "
        f"{plural(policy.escalate_after, 'reminder')} without progress; {holidays}; "
        f"weekly digest {digest}."
    )


def settings_modal(
    assessment: Assessment, private_metadata: str, channel_language: str | None = None
) -> dict[str, Any]:
    """`/maturity settings`: adaptive questioning, the channel language (`channel_language`: the
    one in force) and every policy field, filled in with the current values."""
    blocks = [
        section(f"Questions, reminders and the weekly digest of *{esc(assessment.name)}*."),
        adaptive_input(assessment.adaptive),
        language_input(channel_language or assessment.channel_locale),
        *policy_blocks(assessment.reminder_policy),
    ]
    return modal(
        View.SETTINGS,
        "Assessment settings",
        blocks,
        submit="Save",
        private_metadata=private_metadata,
    )


def start_policy_blocks() -> list[Block]:
    """The short policy part of the start modal, with a pointer to the rest."""
    policy = ReminderPolicy()
    return [
        *policy_blocks(policy, full=False),
        context(
            f"The first reminder comes after {plural(policy.grace_days, 'quiet day')}, and the lead "
            f"is told after {plural(policy.escalate_after, 'reminder')} without progress. Change "
            "these, holidays and the digest time later with `/maturity settings`."
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
            "*Workspace holidays* (no reminders in any assessment):",
            *(f"• {day(d)}" for d in days),
        ]
    elif may_change:
        lines = ["No workspace holidays yet. Add some with `/maturity holidays add 2026-12-25`."]
    else:
        lines = ["No workspace holidays yet."]
    if calendar:
        lines.append(
            f"*Public holidays:* {calendar}'s; a person whose Slack time zone names another "
            "country gets that country's instead."
        )
    if note:
        lines.insert(0, note)
    return message("\n".join(lines), line_sections(lines))


def days_summary(days: Sequence[date]) -> str:
    """`Fri 25 Dec 2026, Fri 1 Jan 2027` for confirmations; beyond a few dates, their count and
    range: `12 dates: Fri 25 Dec 2026 … Fri 10 Dec 2027`."""
    if len(days) <= DATES_LISTED:
        return ", ".join(day(d) for d in days)
    return f"{len(days)} dates: {day(days[0])} … {day(days[-1])}"
