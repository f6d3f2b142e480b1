"""Delivering scheduled messages: reminders, escalations, overdue notices, weekly digests."""

from __future__ import annotations

from datetime import timedelta, timezone

from questionnaire.outbox import EscalationDM, OverdueDM, ReminderDM, WeeklyDigest

from ..blocks import reminders
from ..blocks.digest import digest_message
from ..digest_data import gather_digest
from ..slack_io import Posted
from .job import Job
from .pages import view_of


def reminder(job: Job, message: ReminderDM) -> Posted:
    return job.post(message.digest.user_id, reminders.digest(message.digest, job.services.locale))


def escalation(job: Job, message: EscalationDM) -> Posted:
    return job.post(message.lead_id, reminders.escalations(message.escalations))


def overdue(job: Job, message: OverdueDM) -> Posted:
    return job.post(message.notice.lead_id, reminders.overdue(message.notice))


def weekly_digest(job: Job, message: WeeklyDigest) -> Posted | None:
    """What changed in the week the digest was claimed for, replayed from the history."""
    view = view_of(job, message.assessment_id)
    if not view.assessment.is_active():
        return None
    with job.services.uow() as uow:
        history = uow.answers.history(job.team_id, message.assessment_id)
    digest = gather_digest(
        view,
        history,
        message.since,
        job.services.locale,
        until=message.until,
        first=message.first,
        tz=timezone(timedelta(minutes=message.utc_offset_minutes)),
    )
    return job.post_to_channel(view.assessment.channel_id, digest_message(digest))
