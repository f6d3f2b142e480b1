"""Pure reminder policy: time zones, slots, holidays, grace, due dates, escalation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from questionnaire.domain import ReminderPolicy
from questionnaire.reminders import policy as rp

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
MON = date(2026, 11, 23)  # a Monday


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def slot_day(policy: ReminderPolicy, tz: tzinfo, now: datetime) -> date:
    slot = rp.latest_slot(policy, tz, now)
    assert slot is not None
    return slot.date()


def test_person_tz_prefers_iana_then_offset_then_utc() -> None:
    assert rp.person_tz("Asia/Shanghai", 3600) == SHANGHAI
    assert rp.person_tz("Not/AZone", -5 * 3600) == timezone(timedelta(hours=-5))
    assert rp.person_tz("../../etc/passwd", None) is UTC
    assert rp.person_tz(None, None) is UTC
    assert rp.person_tz("", 99 * 3600) is UTC


def test_latest_slot_is_local_ten_oclock_not_before() -> None:
    policy = ReminderPolicy()
    # 10:00 in Shanghai is 02:00 UTC.
    assert rp.latest_slot(policy, SHANGHAI, utc(MON, 1, 59)) == datetime(
        2026, 11, 20, 10, tzinfo=SHANGHAI
    )  # before Monday's slot the latest is Friday's: the weekend is skipped
    assert rp.latest_slot(policy, SHANGHAI, utc(MON, 2)) == datetime(
        2026, 11, 23, 10, tzinfo=SHANGHAI
    )
    # 10:00 in New York in November (EST, UTC-5) is 15:00 UTC.
    assert slot_day(policy, NEW_YORK, utc(MON, 14, 59)) == date(2026, 11, 20)
    assert rp.latest_slot(policy, NEW_YORK, utc(MON, 15)) == datetime(
        2026, 11, 23, 10, tzinfo=NEW_YORK
    )


def test_cadence_daily_weekdays_and_chosen_days() -> None:
    sunday_noon = utc(date(2026, 11, 29), 12)
    assert slot_day(ReminderPolicy(cadence="daily"), UTC, sunday_noon) == date(2026, 11, 29)
    assert slot_day(ReminderPolicy(), UTC, sunday_noon) == date(2026, 11, 27)
    tue_thu = ReminderPolicy(cadence="days", days=(1, 3))
    assert slot_day(tue_thu, UTC, sunday_noon) == date(2026, 11, 26)
    assert slot_day(tue_thu, UTC, utc(date(2026, 11, 25), 12)) == date(2026, 11, 24)
    assert rp.latest_slot(ReminderPolicy(cadence="days", days=()), UTC, sunday_noon) is None


def test_holidays_are_skipped() -> None:
    policy = ReminderPolicy(holidays=(MON, date(2026, 11, 20)))
    assert slot_day(policy, UTC, utc(MON, 12)) == date(2026, 11, 19)


def test_custom_local_time() -> None:
    policy = ReminderPolicy(local_time=time(16, 30))
    assert slot_day(policy, UTC, utc(MON, 16, 29)) == date(2026, 11, 20)
    assert rp.latest_slot(policy, UTC, utc(MON, 16, 30)) == utc(MON, 16, 30)


def test_fresh_only_within_the_late_window_on_the_slot_day() -> None:
    slot = datetime(2026, 11, 23, 10, tzinfo=SHANGHAI)
    assert rp.is_fresh(slot, slot)
    assert rp.is_fresh(slot, slot + rp.LATE_WINDOW - timedelta(minutes=1))
    assert not rp.is_fresh(slot, slot + rp.LATE_WINDOW)
    assert not rp.is_fresh(slot, slot - timedelta(seconds=1))
    late = datetime(2026, 11, 23, 20, tzinfo=SHANGHAI)
    assert not rp.is_fresh(late, late + timedelta(hours=4, minutes=1))  # past local midnight


def test_slot_key_is_one_per_local_day() -> None:
    morning = datetime(2026, 11, 23, 10, tzinfo=SHANGHAI)
    assert rp.slot_key(morning) == "day:2026-11-23"
    assert rp.slot_key(morning.replace(hour=14)) == rp.slot_key(morning)
    # 10:00 Shanghai is still Sunday evening in New York: the key follows the local date.
    assert rp.slot_key(morning.astimezone(NEW_YORK)) == "day:2026-11-22"
    assert rp.same_or_later_local_day(morning.replace(hour=9), morning)
    assert not rp.same_or_later_local_day(morning - timedelta(days=1), morning)
    assert not rp.same_or_later_local_day(None, morning)


def test_forced_key_is_per_scope_and_minute() -> None:
    now = utc(MON, 9, 15)
    assert rp.forced_key(7, now) == "force:7:2026-11-23T09:15Z"
    assert rp.forced_key(None, now) == "force:all:2026-11-23T09:15Z"
    assert rp.forced_key(7, now + timedelta(seconds=30)) == rp.forced_key(7, now)


def test_grace_counts_from_start_or_last_activity() -> None:
    policy = ReminderPolicy(grace_days=2)
    start = utc(MON, 9)
    assert not rp.grace_over(None, start, policy, start + timedelta(days=2) - timedelta(seconds=1))
    assert rp.grace_over(None, start, policy, start + timedelta(days=2))
    active = start + timedelta(days=3)
    assert not rp.grace_over(active, start, policy, active + timedelta(days=1))
    assert rp.grace_over(active, start, policy, active + timedelta(days=2))
    assert rp.grace_over(None, start, ReminderPolicy(grace_days=0), start)


def test_should_escalate_after_n() -> None:
    policy = ReminderPolicy(escalate_after=3)
    assert not rp.should_escalate(2, policy)
    assert rp.should_escalate(3, policy)


def test_due_notices_three_and_one_day_before_on_working_days() -> None:
    policy = ReminderPolicy()
    assert rp.due_notice_days(policy, date(2026, 11, 27)) == [
        date(2026, 11, 24),
        date(2026, 11, 26),
    ]
    # Due Monday: 3 days before is Friday, 1 day before is Sunday, moved back to Friday too.
    assert rp.due_notice_days(policy, date(2026, 11, 30)) == [date(2026, 11, 27)]
    assert rp.due_notice_days(ReminderPolicy(cadence="daily"), date(2026, 11, 30)) == [
        date(2026, 11, 27),
        date(2026, 11, 29),
    ]
    holiday = ReminderPolicy(holidays=(date(2026, 11, 26),))
    assert rp.due_notice_days(holiday, date(2026, 11, 27)) == [
        date(2026, 11, 24),
        date(2026, 11, 25),
    ]


def test_latest_due_slot_in_local_calendar() -> None:
    policy, due = ReminderPolicy(), date(2026, 11, 27)
    assert rp.latest_due_slot(policy, None, SHANGHAI, utc(MON, 12)) is None
    assert rp.latest_due_slot(policy, due, SHANGHAI, utc(MON, 12)) is None
    tue = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)
    assert rp.latest_due_slot(policy, due, SHANGHAI, tue) == tue
    assert rp.latest_due_slot(policy, due, SHANGHAI, tue + timedelta(days=1)) == tue
    thu = datetime(2026, 11, 26, 10, tzinfo=SHANGHAI)
    assert rp.latest_due_slot(policy, due, SHANGHAI, thu + timedelta(hours=1)) == thu
    assert (
        rp.latest_due_slot(policy, due, SHANGHAI, datetime(2026, 11, 28, tzinfo=SHANGHAI)) is None
    )


def test_days_left_and_overdue_slot() -> None:
    due = date(2026, 11, 27)
    assert rp.days_left(due, SHANGHAI, datetime(2026, 11, 24, 23, tzinfo=SHANGHAI)) == 3
    assert rp.days_left(None, SHANGHAI, utc(MON, 0)) is None
    policy = ReminderPolicy()
    assert (
        rp.overdue_slot(policy, due, NEW_YORK, datetime(2026, 11, 28, 9, tzinfo=NEW_YORK)) is None
    )
    saturday = datetime(2026, 11, 28, 10, tzinfo=NEW_YORK)
    assert rp.overdue_slot(policy, due, NEW_YORK, saturday) == saturday
    assert rp.first_overdue_moment(policy, due, NEW_YORK) == saturday
    assert rp.overdue_slot(policy, None, NEW_YORK, saturday) is None


@given(
    now=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(["Asia/Shanghai", "America/New_York", "Europe/Berlin", "Pacific/Apia"]),
    cadence=st.sampled_from(["daily", "weekdays", "days"]),
    days=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
)
def test_latest_slot_properties(
    now: datetime, zone: str, cadence: str, days: tuple[int, ...]
) -> None:
    policy = ReminderPolicy(cadence=cadence, days=days)  # type: ignore[arg-type]
    tz = ZoneInfo(zone)
    slot = rp.latest_slot(policy, tz, now)
    assert slot is not None and slot <= now
    assert rp.is_reminder_day(policy, slot.date())
    assert slot.timetz().replace(tzinfo=None) == policy.local_time
    # No later reminder slot fits between the slot and now.
    day = slot.date() + timedelta(days=1)
    while day <= now.astimezone(tz).date():
        if rp.is_reminder_day(policy, day):
            assert rp.slot_at(policy, day, tz) > now
        day += timedelta(days=1)
