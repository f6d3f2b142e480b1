"""Delivering scheduled messages: reminders, escalations, overdue notices, weekly digests."""

from __future__ import annotations

import logging

from bot.blocks import reminders
from bot.blocks.digest import digest_message
from bot.delivery.job import Job
from bot.delivery.pages import view_of
from bot.i18n import speaking
from bot.i18n.terms import channel_locale
from bot.slack.webapi import Posted
from questionnaire.outbox import EscalationDM, Marker, OverdueDM, ReminderDM, WeeklyDigest
from questionnaire.readmodels.digest import gather_digest
from questionnaire.reminders.policy import person_tz

log = logging.getLogger(__name__)


def reminder(job: Job, message: ReminderDM) -> Posted | None:
    """The person's reminder, unless they snoozed after it was queued (it waited for a retry,
    or behind a long paced sweep): a snooze means no reminder until it ends."""
    user = message.digest.user_id
    with job.services.uow() as uow:
        snoozed_until = uow.reminders.snoozed_until(job.team_id, user)
    if snoozed_until is not None and snoozed_until > job.services.clock.now():
        log.info("reminder %s dropped: %s snoozed", job.envelope.key, user)
        return None
    return job.post(user, reminders.digest(message.digest, job.services.locale))


def escalation(job: Job, message: EscalationDM) -> Posted:
    return job.post(message.lead_id, reminders.escalations(message.escalations))


def overdue(job: Job, message: OverdueDM) -> Posted:
    return job.post(message.notice.lead_id, reminders.overdue(message.notice))


def weekly_digest(job: Job, message: WeeklyDigest) -> Posted | None:
    """What changed in the week the digest was queued for, replayed from the history."""
    view = view_of(job, message.assessment_id)
    if not view.assessment.is_active():
        return None
    with job.services.uow() as uow:
        history = uow.answers.history(job.team_id, message.assessment_id)
    with speaking(channel_locale(view.assessment, job.services.locale)) as locale:
        digest = gather_digest(
            view,
            history,
            message.since,
            locale,
            until=message.until,
            first=message.first,
            tz=person_tz(message.tz_name, message.utc_offset_minutes * 60),
        )
        payload = digest_message(digest)
    return job.post_to_channel(view.assessment.channel_id, payload)


def marker(job: Job, message: Marker) -> None:
    """Nothing to post: delivering a marker only records it as done."""
    return None
