"""Delivering the summaries a state change owes: at completion, and the final one at close."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.summary import closed_note, completion_note
from bot.delivery.job import Job
from bot.i18n import speaking
from bot.i18n.terms import channel_locale
from bot.reporting.publish import publish
from bot.slack.webapi import Posted, error_code, tell, transient
from questionnaire.domain import HistorySubject
from questionnaire.outbox import Completion, FinalSummary
from questionnaire.readmodels.summary import gather
from questionnaire.usecases.context import load_view
from questionnaire.usecases.follow_up import completion_key

log = logging.getLogger(__name__)


def completion(job: Job, message: Completion) -> Posted | None:
    """Every question is answered: the summary in the channel, then a line telling the lead
    they can close it. Nothing when the assessment was closed meanwhile (the close posts)."""
    with job.services.uow() as uow:
        view = load_view(uow, job.team_id, message.assessment_id)
    a = view.assessment
    if not a.is_active():
        return None
    data = publish(job.services, job.client, a, requester=a.lead_id, poster=job)
    with speaking(channel_locale(a, job.services.locale)):
        note = completion_note(data)
    try:
        return job.post_to_channel(a.channel_id, note, step="note")
    except SlackApiError as exc:
        if transient(exc):
            raise
        log.warning("completion of assessment %s not posted: %s", a.id, error_code(exc))
        tell(job.client, {a.lead_id}, note)
        return None


def final_summary(job: Job, message: FinalSummary) -> Posted | None:
    """The final summary, unless the one posted when the last question was answered still
    stands (nothing answered, handed on or attached since): then one line says the levels are
    final, so the channel does not get the same summary twice."""
    with job.services.uow() as uow:
        view = load_view(uow, job.team_id, message.assessment_id)
        completed_at = uow.outbox.sent_at(job.team_id, completion_key(message.assessment_id))
        history = uow.answers.history(job.team_id, message.assessment_id) if completed_at else []
    a = view.assessment
    changed = completed_at is None or any(
        e.at > completed_at and e.subject is not HistorySubject.STATUS for e in history
    )
    if changed:
        publish(job.services, job.client, a, requester=message.requester, final=True, poster=job)
        return None
    assert completed_at is not None
    with speaking(channel_locale(a, job.services.locale)) as locale:
        note = closed_note(gather(view, locale=locale), completed_at)
    try:
        return job.post_to_channel(a.channel_id, note)
    except SlackApiError as exc:
        if transient(exc):
            raise
        log.warning("closing of assessment %s not posted: %s", a.id, error_code(exc))
        tell(job.client, {a.lead_id, message.requester}, note)
        return None
