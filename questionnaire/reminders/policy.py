"""Reminder policy, pure: who has work pending, and which reminder slot is due when (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from questionnaire.conversation import ItemWork, evidence_owed, is_open, next_page
from questionnaire.domain import Assessment, Evidence, ReminderPolicy
from questionnaire.framework import Located, Text
from questionnaire.routing import Routing

# A slot may still be sent this long after its time (catch-up after downtime, retry after a
# failed send), and only on its own local day: a bot back at 03:00 waits for the next slot
# instead of waking anyone.
LATE_WINDOW = timedelta(hours=8)
DUE_NOTICE_DAYS = (3, 1)  # reminders this many days before an assessment's due date
_LOOKBACK_DAYS = 400  # enough to step over any sane holiday list
_WEEKDAYS = frozenset(range(5))


def person_tz(tz_name: str | None, tz_offset: int | None = None) -> tzinfo:
    """The zone from a Slack profile: IANA `tz`, else fixed `tz_offset` seconds, else UTC."""
    if tz_name:
        try:
            return ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if tz_offset is not None and abs(tz_offset) < 24 * 3600:
        return timezone(timedelta(seconds=tz_offset))
    return UTC


def cadence_days(policy: ReminderPolicy) -> frozenset[int]:
    """The weekdays (Monday=0) the cadence reminds on."""
    if policy.cadence == "daily":
        return frozenset(range(7))
    if policy.cadence == "weekdays":
        return _WEEKDAYS
    return frozenset(d for d in policy.days if 0 <= d <= 6)


def is_reminder_day(policy: ReminderPolicy, day: date) -> bool:
    """A day the cadence reminds on that is not one of the assessment's holidays."""
    return day.weekday() in cadence_days(policy) and day not in policy.holidays


def is_working_day(policy: ReminderPolicy, day: date) -> bool:
    """Not a holiday, and a weekday unless the cadence explicitly reminds on weekends."""
    return day not in policy.holidays and (
        day.weekday() in _WEEKDAYS or day.weekday() in cadence_days(policy)
    )


def slot_at(policy: ReminderPolicy, day: date, tz: tzinfo) -> datetime:
    """The reminder moment on a local day, as an aware datetime in `tz`."""
    return datetime.combine(day, policy.local_time, tzinfo=tz)


def latest_slot(policy: ReminderPolicy, tz: tzinfo, now_utc: datetime) -> datetime | None:
    """The most recent cadence slot at or before now (local time on a reminder day), or None.

    Only this slot is ever claimed, which is why a long downtime yields one catch-up reminder."""
    if not cadence_days(policy):
        return None
    today = now_utc.astimezone(tz).date()
    for back in range(_LOOKBACK_DAYS):
        day = today - timedelta(days=back)
        if is_reminder_day(policy, day):
            slot = slot_at(policy, day, tz)
            if slot <= now_utc:
                return slot
    return None


def due_notice_days(policy: ReminderPolicy, due_date: date) -> list[date]:
    """Local days of the due-date reminders: 3 and 1 days before, moved back to a working day."""
    days = set()
    for before in DUE_NOTICE_DAYS:
        day = due_date - timedelta(days=before)
        for _ in range(31):
            if is_working_day(policy, day):
                days.add(day)
                break
            day -= timedelta(days=1)
    return sorted(days)


def latest_due_slot(
    policy: ReminderPolicy, due_date: date | None, tz: tzinfo, now_utc: datetime
) -> datetime | None:
    """The most recent due-date reminder slot at or before now, while the due date is ahead."""
    if due_date is None or now_utc.astimezone(tz).date() > due_date:
        return None
    slots = [slot_at(policy, day, tz) for day in due_notice_days(policy, due_date)]
    return max((s for s in slots if s <= now_utc), default=None)


def is_fresh(slot: datetime, now_utc: datetime) -> bool:
    """A slot may still be sent: less than LATE_WINDOW ago and still its own local day."""
    local_now = now_utc.astimezone(slot.tzinfo)
    return slot <= now_utc < slot + LATE_WINDOW and local_now.date() == slot.date()


def same_or_later_local_day(moment: datetime | None, slot: datetime) -> bool:
    """`moment` falls on the slot's local day or later (at most one reminder per local day)."""
    return moment is not None and moment.astimezone(slot.tzinfo).date() >= slot.date()


def slot_key(slot: datetime) -> str:
    """The claim key of a person's reminder: one per local day, e.g. `day:2026-11-23`."""
    return f"day:{slot.date().isoformat()}"


def forced_key(scope: int | None, now_utc: datetime) -> str:
    """The claim key of a lead's forced reminder: one per person, scope and minute."""
    return f"force:{scope if scope is not None else 'all'}:{now_utc:%Y-%m-%dT%H:%MZ}"


def activity_reference(last_activity: datetime | None, started_at: datetime) -> datetime:
    """Since when a person counts as idle: their last activity, or the assessment's start."""
    return max(last_activity, started_at) if last_activity is not None else started_at


def grace_over(
    last_activity: datetime | None, started_at: datetime, policy: ReminderPolicy, now: datetime
) -> bool:
    """The grace period with no activity (from start or last activity) has passed by `now`."""
    return now >= activity_reference(last_activity, started_at) + timedelta(days=policy.grace_days)


def should_escalate(sent_since_activity: int, policy: ReminderPolicy) -> bool:
    """N reminders went out since the person last made progress: tell the lead."""
    return sent_since_activity >= policy.escalate_after


def escalation_key(assessment_id: int, user_id: str, since: datetime) -> str:
    """The outbox key that says a person was escalated: one per assessment, person and stretch
    without progress, e.g. `escalate:7:U123:2026-11-24T05:00:00Z` (whole seconds, as migration
    0005 wrote the ones made before)."""
    return f"escalate:{assessment_id}:{user_id}:{since.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def days_left(due_date: date | None, tz: tzinfo, now_utc: datetime) -> int | None:
    """Whole days from the local today until the due date (negative once passed)."""
    if due_date is None:
        return None
    return (due_date - now_utc.astimezone(tz).date()).days


def overdue_slot(
    policy: ReminderPolicy, due_date: date | None, tz: tzinfo, now_utc: datetime
) -> datetime | None:
    """The slot for telling the lead a due date has passed: the latest daily slot after it."""
    if due_date is None:
        return None
    every_day = policy.model_copy(update={"cadence": "daily", "holidays": ()})
    slot = latest_slot(every_day, tz, now_utc)
    return slot if slot is not None and slot.date() > due_date else None


def first_overdue_moment(policy: ReminderPolicy, due_date: date, tz: tzinfo) -> datetime:
    """The first slot after the due date (an overdue claim older than this is for an older date)."""
    return slot_at(policy, due_date + timedelta(days=1), tz)


def latest(moments: Iterable[datetime | None]) -> datetime | None:
    """The latest of some optional moments (None when all are None)."""
    return max((m for m in moments if m is not None), default=None)


# --- what is pending: the view models reminders are built from ---------------------------------


@dataclass(frozen=True, slots=True)
class ItemCount:
    """How many questions of one capability item are still unanswered."""

    item_id: str
    name: Text
    unanswered: int


@dataclass(frozen=True, slots=True)
class OwedEvidence:
    """A requirement answered met/partial whose required evidence is missing."""

    requirement_id: str
    text: Text


@dataclass(frozen=True, slots=True)
class AssessmentDigest:
    """One person's open work in one assessment."""

    assessment_id: int
    name: str
    items: tuple[ItemCount, ...]  # items with unanswered questions, in framework order
    evidence_owed: tuple[OwedEvidence, ...]
    due_date: date | None
    resume_item_id: str | None  # where "Continue" picks up; None when only evidence is owed
    resume_page: int = 0
    days_left: int | None = None  # until the due date, in the recipient's local calendar

    @property
    def unanswered(self) -> int:
        return sum(item.unanswered for item in self.items)


@dataclass(frozen=True, slots=True)
class Digest:
    """One DM to one person for one slot: their open work in every due assessment."""

    user_id: str
    assessments: tuple[AssessmentDigest, ...]
    forced: bool = False  # sent now because the lead asked


@dataclass(frozen=True, slots=True)
class Escalation:
    """Tell the lead that one person made no progress after N reminders."""

    lead_id: str
    user_id: str
    work: AssessmentDigest  # the stuck person's open items in the lead's assessment
    reminders_sent: int
    idle_since: datetime


@dataclass(frozen=True, slots=True)
class OpenWork:
    """One person's open counts, for the lead's overdue notice."""

    user_id: str
    unanswered: int
    evidence_owed: int


@dataclass(frozen=True, slots=True)
class OverdueNotice:
    """Tell the lead that the due date passed with work still open."""

    lead_id: str
    assessment_id: int
    name: str
    due_date: date
    open_work: tuple[OpenWork, ...]


def pending_work(
    assessment: Assessment, routing: Routing, evidence: Iterable[Evidence]
) -> dict[str, AssessmentDigest | None]:
    """Every owner in the assessment with their open work (None: nothing pending)."""
    assert assessment.id is not None
    states = routing.states
    by_req: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_req.setdefault(e.requirement_id, []).append(e)
    result: dict[str, AssessmentDigest | None] = {}
    for owner, locs in routing.by_owner().items():
        groups: dict[str, list[Located]] = {}
        for loc in locs:  # framework order, so grouping keeps items in order too
            groups.setdefault(loc.item.id, []).append(loc)
        works = [ItemWork(g[0].domain, g[0].item, tuple(g)) for g in groups.values()]
        counts = tuple(
            ItemCount(w.item.id, w.item.name, n)
            for w in works
            if (n := sum(1 for loc in w.requirements if is_open(states.get(loc.requirement.id))))
        )
        owed = tuple(
            OwedEvidence(loc.requirement.id, loc.requirement.text)
            for loc in locs
            if evidence_owed([loc], states, by_req.get(loc.requirement.id, []))
        )
        page = next_page(works, states) if counts else None
        result[owner] = (
            AssessmentDigest(
                assessment.id,
                assessment.name,
                counts,
                owed,
                assessment.due_date,
                page.item_id if page else None,
                page.page if page else 0,
            )
            if counts or owed
            else None
        )
    return result
