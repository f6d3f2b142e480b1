"""The reminder policy form: what it shows, what it parses, what it refuses, and its summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from bot.blocks import policy as form
from bot.blocks.modals import start_modal
from bot.i18n import format_day as day
from devkit.standin import (
    check_message_blocks,
    check_view,
    option_value,
    options_value,
    plain_text_value,
)
from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.registry import FrameworkRegistry

from .forms import initial_state

CUSTOM = ReminderPolicy(
    cadence="days",
    days=(1, 3),
    local_time=time(8, 15),
    grace_days=0,
    escalate_after=5,
    holidays=(date(2026, 12, 24), date(2026, 12, 25)),
    digest_weekday=None,
    digest_time=time(16, 45),
)


def _assessment(policy: ReminderPolicy) -> Assessment:
    return Assessment(
        team_id="T1",
        name="Fraud <!channel> & co",
        project="p",
        framework_id="f",
        framework_version="1",
        framework_hash="h",
        lead_id="ULEAD",
        channel_id="C1",
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
        reminder_policy=policy,
        id=7,
    )


def _number(value: str) -> dict[str, Any]:
    return {"type": "number_input", "value": value}


@pytest.mark.parametrize("policy", [ReminderPolicy(), CUSTOM])
def test_an_untouched_settings_form_gives_back_the_same_policy(policy: ReminderPolicy) -> None:
    view = form.settings_modal(_assessment(policy), '{"a":7}')
    assert check_view(view, "modal") == []
    assert form.parse_policy(initial_state(view["blocks"])) == policy
    assert "Fraud &lt;!channel&gt; &amp; co" in view["blocks"][0]["text"]["text"]


def test_every_field_can_be_changed() -> None:
    blocks = form.policy_blocks(ReminderPolicy())
    values = initial_state(
        blocks,
        policy_cadence=option_value("days", kind="radio_buttons"),
        policy_days=options_value(["4", "0"]),
        policy_time={"type": "timepicker", "selected_time": "07:30"},
        policy_grace=_number("60"),
        policy_escalate=_number("1"),
        policy_holidays=plain_text_value("2027-01-01, 2026-12-25 2026-12-25"),
        policy_digest_day=option_value("off"),
        policy_digest_time={"type": "timepicker", "selected_time": "17:00"},
    )
    assert form.parse_policy(values) == ReminderPolicy(
        cadence="days",
        days=(0, 4),
        local_time=time(7, 30),
        grace_days=60,
        escalate_after=1,
        holidays=(date(2026, 12, 25), date(2027, 1, 1)),
        digest_weekday=None,
        digest_time=time(17, 0),
    )


def test_the_start_form_sets_the_common_fields_and_keeps_the_rest() -> None:
    registry = FrameworkRegistry()
    framework = registry.get(registry.ids()[0])
    view = start_modal(registry.list(), framework)
    assert check_view(view, "modal") == []
    shown = {b.get("block_id") for b in view["blocks"]}
    assert {form.CADENCE, form.DAYS, form.TIME, form.DIGEST_DAY} <= shown
    assert not {form.GRACE, form.ESCALATE, form.HOLIDAYS, form.DIGEST_TIME} & shown
    values = initial_state(
        [b for b in view["blocks"] if b.get("block_id", "").startswith("policy_")],
        policy_cadence=option_value("daily", kind="radio_buttons"),
        policy_digest_day=option_value("4"),
    )
    assert form.parse_policy(values, CUSTOM) == CUSTOM.model_copy(
        update={
            "cadence": "daily",
            "local_time": time(10, 0),
            "days": (0, 1, 2, 3, 4),
            "digest_weekday": 4,
        }
    )


@pytest.mark.parametrize(
    ("block", "state", "expected"),
    [
        (form.HOLIDAYS, plain_text_value("2026-12-25, 2026-13-01, xmas"), "“2026-13-01”, “xmas”"),
        (form.HOLIDAYS, plain_text_value("25.12.2026"), "YYYY-MM-DD"),
        (form.GRACE, _number("61"), "from 0 to 60"),
        (form.GRACE, _number("-1"), "from 0 to 60"),
        (form.GRACE, _number("1.5"), "whole number"),
        (form.ESCALATE, _number("0"), "from 1 to 50"),
        (form.ESCALATE, _number("many"), "from 1 to 50"),
        (form.DAYS, options_value(["7"]), "Tick at least one day"),
    ],
)
def test_a_refused_field_gets_its_own_inline_message(
    block: str, state: dict[str, Any], expected: str
) -> None:
    values = initial_state(form.policy_blocks(ReminderPolicy()), **{block: state})
    errors = form.parse_policy(values)
    assert isinstance(errors, dict) and list(errors) == [block]
    assert expected in errors[block]


def test_chosen_days_with_none_ticked_is_refused_but_fine_for_weekdays() -> None:
    blocks = form.policy_blocks(ReminderPolicy())
    nothing = options_value([])
    chosen = initial_state(
        blocks, policy_cadence=option_value("days", kind="radio_buttons"), policy_days=nothing
    )
    assert form.parse_policy(chosen) == {form.DAYS: form.FIELDS["days"][1]}
    weekdays = initial_state(blocks, policy_days=nothing)
    assert form.parse_policy(weekdays) == ReminderPolicy(days=())


def test_several_refused_fields_are_reported_together() -> None:
    values = initial_state(
        form.policy_blocks(ReminderPolicy()),
        policy_grace=_number("99"),
        policy_escalate=_number("0"),
        policy_holidays=plain_text_value("someday"),
    )
    errors = form.parse_policy(values)
    assert isinstance(errors, dict) and set(errors) == {form.GRACE, form.ESCALATE, form.HOLIDAYS}


def test_too_many_holidays_are_refused() -> None:
    many = ", ".join(date.fromordinal(738000 + n).isoformat() for n in range(101))
    values = initial_state(
        form.policy_blocks(ReminderPolicy()), policy_holidays=plain_text_value(many)
    )
    assert form.parse_policy(values) == {form.HOLIDAYS: "At most 100 dates; this has 101."}


def test_the_summary_says_what_each_setting_does() -> None:
    assert form.describe_policy(ReminderPolicy()) == (
        "reminders on weekdays at 10:00 local time, the first after 2 quiet days; the lead is "
        "told after 3 reminders without progress; no own holidays; weekly digest every Monday at 09:00 in the lead's time zone."
    )
    assert form.describe_policy(CUSTOM) == (
        "reminders on Tue, Thu at 08:15 local time, the first after 0 quiet days; the lead is "
        "told after 5 reminders without progress; 2 holidays; weekly digest off."
    )
    assert form.describe_policy(ReminderPolicy(cadence="daily", escalate_after=1)).startswith(
        "reminders every day at 10:00"
    )


def test_holidays_reply_lists_dates_or_says_how_to_add_them() -> None:
    listed = form.holidays_reply([date(2026, 12, 25)], "Added Fri 25 Dec 2026.", may_change=True)
    assert listed["text"].splitlines() == [
        "Added Fri 25 Dec 2026.",
        "*Workspace holidays* (no reminders in any assessment):",
        "• Fri 25 Dec 2026",
    ]
    assert "/maturity holidays add" in form.holidays_reply([], may_change=True)["text"]
    # Someone who may not change them is not told how to.
    assert form.holidays_reply([], may_change=False)["text"] == "No workspace holidays yet."


def test_a_long_holiday_change_is_summed_up_and_the_list_split_not_cut() -> None:
    start = date(2026, 12, 25)
    days = [start + timedelta(days=n) for n in range(400)]
    assert form.days_summary(days[:5]) == ", ".join(day(d) for d in days[:5])
    assert form.days_summary(days[:100]) == "100 dates: Fri 25 Dec 2026 … Sat 3 Apr 2027"

    reply = form.holidays_reply(days, f"Added {form.days_summary(days)}.", may_change=True)
    sections = [b["text"]["text"] for b in reply["blocks"]]
    assert len(sections) > 2 and not check_message_blocks(reply["blocks"])
    assert all(len(text) <= 3000 and not text.endswith("…") for text in sections)
    assert sections[0].startswith("Added 400 dates: Fri 25 Dec 2026 … ")
    bullets = [line for text in sections for line in text.splitlines() if line.startswith("•")]
    assert bullets == [f"• {day(d)}" for d in days]  # every date, in order
