"""The weekly progress digest in each active assessment's channel: when it is due, claiming it
exactly once, and posting what changed since the previous one.

Nothing extra is stored. The previous digest's time is the claim time of its slot
(`reminders.last_sent(team, "digest:<id>")`, else the assessment's start); the state as of then
is replayed from the answer history (`digest_data.view_as_of`) and scored, and the digest reports
the difference up to this digest's own claim time (the next one's start): answers by person,
changed answers, evidence added, level changes, gaps closed and opened, and who still owes what.
A week without change still posts a short nudge naming who owes what. Each week's slot is claimed
once (`week:<local date of the slot>`, the same in any zone while the slot is fresh), so two
processes post it once. An assessment younger than three days gets no digest yet: "no progress
this week" an hour after the kickoff would only nag; its first digest a week later covers the
time since the start.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from questionnaire.domain import Assessment, AssessmentStatus, ReminderPolicy
from questionnaire.reminder_policy import is_fresh, person_tz
from questionnaire.usecases.context import load_view

from .blocks.digest import digest_message
from .digest_data import gather_digest
from .services import Services
from .slack_io import Directory, error_code, post_to_channel

log = logging.getLogger(__name__)
DIGEST_MIN_GAP = timedelta(days=6)  # a digest posted this recently means this week's is done
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


def weekly_digest(
    services: Services, client: WebClient, now: datetime, *, directory: Directory | None = None
) -> int:
    """Post each active assessment's weekly digest once its slot (in the lead's time zone) has
    passed; each is claimed exactly once. Failures are isolated per assessment. Returns how many
    were posted."""
    directory = directory or Directory(client)
    work: list[Assessment] = []
    with services.uow() as uow:
        for team in uow.assessments.active_teams():
            # Not due in any time zone: no query for its last digest, no users.info for its lead.
            due = [
                a
                for a in uow.assessments.list(team, [AssessmentStatus.ACTIVE])
                if now - a.created_at >= FIRST_DIGEST_MIN_AGE
                and _may_be_due(a.reminder_policy, now)
            ]
            last = uow.reminders.last_sent_many(team, [_digest_key(a) for a in due])
            work += [a for a in due if not _sent_lately(last.get(_digest_key(a)), now)]
    posted = 0
    for assessment in work:
        try:
            posted += _digest(services, client, assessment, now, _lead_tz(directory, assessment))
        except Exception:  # one broken assessment must not stop the others' digests
            log.exception("weekly digest of assessment %s failed", assessment.id)
    return posted


def _digest_key(assessment: Assessment) -> str:
    """The claim key of an assessment's digests (claims are per team and "user")."""
    return f"digest:{assessment.id}"


def _sent_lately(last: datetime | None, now: datetime) -> bool:
    """A digest this recent means this week's is done."""
    return last is not None and now - last < DIGEST_MIN_GAP


def _may_be_due(policy: ReminderPolicy, now: datetime) -> bool:
    """Whether the digest slot is fresh in some time zone (UTC-12 .. UTC+14); never when off."""
    for hours in range(-12, 15):
        slot = digest_slot(policy, timezone(timedelta(hours=hours)), now)
        if slot is not None and is_fresh(slot, now):
            return True
    return False


def _lead_tz(directory: Directory, assessment: Assessment) -> tzinfo:
    try:
        person = directory.person(assessment.team_id, assessment.lead_id)
    except SlackApiError as exc:
        log.warning("no time zone for lead %s: %s", assessment.lead_id, error_code(exc))
        return UTC
    return person_tz(person.tz, person.tz_offset) if person else UTC


def _digest(
    services: Services, client: WebClient, assessment: Assessment, now: datetime, tz: tzinfo
) -> int:
    slot = digest_slot(assessment.reminder_policy, tz, now)
    if slot is None or not is_fresh(slot, now) or assessment.created_at > slot:
        return 0
    team, key = assessment.team_id, _digest_key(assessment)
    assert assessment.id is not None
    with services.uow() as uow:
        previous = uow.reminders.last_sent(team, key)
        if not uow.reminders.claim(team, key, f"week:{slot.date().isoformat()}", now):
            return 0
        uow.commit()
    try:
        with services.uow() as uow:
            view = load_view(uow, team, assessment.id)
            history = uow.answers.history(team, assessment.id)
        since = previous or assessment.created_at
        digest = gather_digest(
            view, history, since, services.locale, until=now, first=previous is None, tz=tz
        )
        post_to_channel(client, assessment.channel_id, digest_message(digest))
    except Exception:
        with services.uow() as uow:  # give the slot back: the next tick retries
            uow.reminders.release(team, key, f"week:{slot.date().isoformat()}")
            uow.commit()
        raise
    return 1
