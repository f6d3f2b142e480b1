"""The weekly progress digest in each active assessment's channel: when it is due, and queuing it
exactly once.

Each week's digest is queued under `digest:<assessment>#week:<local date of the slot>` (the same
date in any zone while the slot is fresh), so two processes queue it once. Nothing else is
stored: the previous digest is the newest entry under `digest:<assessment>:` (else the
assessment's start), and a digest covers from then to the moment it is queued, which is where
the next one starts, so no change is reported twice or lost. The bot renders it when it
delivers, replaying the answer history. An assessment younger than three days gets no digest
yet: "no progress this week" an hour after the kickoff would only nag; its first digest a week
later covers the time since the start.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from questionnaire.domain import Assessment, AssessmentStatus, ReminderPolicy
from questionnaire.outbox import WeeklyDigest, family_key
from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.reminders.context import PeopleDirectory
from questionnaire.reminders.policy import is_fresh, person_tz

log = logging.getLogger(__name__)
DIGEST_MIN_GAP = timedelta(days=6)  # a digest queued this recently means this week's is done
FIRST_DIGEST_MIN_AGE = timedelta(days=3)  # younger assessments skip the week's digest


def digest_slot(policy: ReminderPolicy, tz: tzinfo, now: datetime) -> datetime | None:
    """The latest weekly digest moment at or before `now`, in `tz`; None when digests are off."""
    if policy.digest_weekday is None:
        return None
    local = now.astimezone(tz)
    back = (local.weekday() - policy.digest_weekday) % 7
    day = local.date() - timedelta(days=back)
    slot = datetime.combine(day, policy.digest_time, tzinfo=tz)
    return slot if slot <= now else slot - timedelta(days=7)


def digest_family(assessment_id: int) -> str:
    """The key family of an assessment's weekly digests, one key per week."""
    return f"digest:{assessment_id}"


def queue_weekly_digests(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    directory: PeopleDirectory,
    *,
    team_ids: Sequence[str] | None = None,
) -> int:
    """Queue each active assessment's weekly digest once its slot (in the lead's time zone) has
    passed, in `team_ids` (default: every workspace). Failures are isolated per assessment.
    Returns how many were queued."""
    now = clock.now()
    queued = 0
    for assessment in _maybe_due(uow_factory, now, team_ids):
        try:
            queued += _queue(uow_factory, assessment, _lead_zone(directory, assessment), now)
        except Exception:  # one broken assessment must not stop the others' digests
            log.exception("weekly digest of assessment %s failed", assessment.id)
    return queued


def _maybe_due(
    uow_factory: UnitOfWorkFactory, now: datetime, team_ids: Sequence[str] | None
) -> list[Assessment]:
    """Assessments whose digest may be due now, read in one transaction: a constant number of
    statements per workspace, and none for a lead's zone, whatever the number of assessments."""
    work: list[Assessment] = []
    with uow_factory() as uow:
        for team in uow.assessments.active_teams() if team_ids is None else team_ids:
            due = [
                a
                for a in uow.assessments.list(team, [AssessmentStatus.ACTIVE])
                if a.id is not None
                and now - a.created_at >= FIRST_DIGEST_MIN_AGE
                and _fresh_somewhere(a.reminder_policy, now)
            ]
            last = uow.outbox.latest(team, [digest_family(a.id) for a in due if a.id])
            work += [
                a for a in due if a.id and not _sent_lately(last.get(digest_family(a.id)), now)
            ]
    return work


def _sent_lately(last: datetime | None, now: datetime) -> bool:
    """A digest this recent means this week's is done."""
    return last is not None and now - last < DIGEST_MIN_GAP


def _fresh_somewhere(policy: ReminderPolicy, now: datetime) -> bool:
    """Whether the digest slot is fresh in some time zone (UTC-12 .. UTC+14); never when off."""
    for hours in range(-12, 15):
        slot = digest_slot(policy, timezone(timedelta(hours=hours)), now)
        if slot is not None and is_fresh(slot, now):
            return True
    return False


def _lead_zone(directory: PeopleDirectory, assessment: Assessment) -> tzinfo:
    """The lead's zone; UTC when Slack does not know them or the lookup fails (a digest in the
    wrong zone is better than none)."""
    try:
        person = directory.person(assessment.team_id, assessment.lead_id)
    except Exception as exc:
        log.warning("no time zone for lead %s: %r", assessment.lead_id, exc)
        return UTC
    return person_tz(person.tz, person.tz_offset) if person else UTC


def _queue(uow_factory: UnitOfWorkFactory, a: Assessment, tz: tzinfo, now: datetime) -> int:
    """Queue this week's digest when its slot is fresh; 1 when this call queued it."""
    slot = digest_slot(a.reminder_policy, tz, now)
    if slot is None or not is_fresh(slot, now) or a.created_at > slot or a.id is None:
        return 0
    offset = slot.utcoffset() or timedelta(0)
    family = digest_family(a.id)
    with uow_factory() as uow:
        previous = uow.outbox.latest(a.team_id, [family]).get(family)
        if _sent_lately(previous, now):  # queued meanwhile (another process, another zone)
            return 0
        message = WeeklyDigest(
            a.id,
            since=previous or a.created_at,
            until=now,
            first=previous is None,
            utc_offset_minutes=int(offset.total_seconds()) // 60,
            tz_name=tz.key if isinstance(tz, ZoneInfo) else None,
        )
        queued = uow.outbox.add(
            a.team_id, family_key(family, f"week:{slot.date().isoformat()}"), message, now
        )
        uow.commit()
    return 0 if queued is None else 1
