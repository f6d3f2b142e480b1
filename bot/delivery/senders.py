"""Which function delivers which kind of message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.delivery import kickoff, lead, modals, pages, scheduled, summaries
from bot.delivery.job import Job
from bot.i18n import speaking
from bot.slack.webapi import Posted
from questionnaire import outbox as o
from questionnaire.usecases.errors import NotFound

log = logging.getLogger(__name__)
Sender = Callable[[Job, Any], Posted | None]

SENDERS: dict[type[o.Message], Sender] = {
    o.RefreshPage: pages.refresh_page,
    o.NextPage: pages.next_page_,
    o.EvidenceAttached: pages.evidence_attached,
    o.EvidencePicker: pages.evidence_picker_,
    o.HandedOn: modals.handed_on,
    o.HandedToYou: modals.handed_to_you,
    o.RolesChanged: lead.roles_changed,
    o.RoleGiven: lead.role_given_,
    o.RoleTaken: lead.role_taken,
    o.SettingsSaved: lead.settings_saved,
    o.Deleted: lead.deleted,
    o.Note: pages.note,
    o.Completion: summaries.completion,
    o.FinalSummary: summaries.final_summary,
    o.Kickoff: kickoff.kickoff,
    o.Intro: kickoff.intro,
    o.ReminderDM: scheduled.reminder,
    o.EscalationDM: scheduled.escalation,
    o.OverdueDM: scheduled.overdue,
    o.WeeklyDigest: scheduled.weekly_digest,
    o.Marker: scheduled.marker,
}


def reader(job: Job, message: o.Message) -> str | None:
    """Whom the message speaks to: the person it is for, or the owner of the page whose thread
    it answers in; None for a channel post (its sender picks the channel's language)."""
    match message:
        case o.RefreshPage():
            return message.owner
        case o.NextPage() | o.Intro() | o.RoleGiven() | o.RoleTaken() | o.SettingsSaved():
            return message.user_id
        case o.HandedToYou():
            return message.to_user
        case o.HandedOn() | o.RolesChanged() | o.Deleted():
            return message.actor
        case o.ReminderDM():
            return message.digest.user_id
        case o.EscalationDM():
            return message.lead_id
        case o.OverdueDM():
            return message.notice.lead_id
        case o.FinalSummary():
            return message.requester
        case o.Note() if message.to.startswith(("U", "W")):
            return message.to
        case o.Note() | o.EvidenceAttached() | o.EvidencePicker():
            thread = message.thread_ts
            channel = message.to if isinstance(message, o.Note) else message.channel
            return job.thread_owner(channel, thread) if thread else None
    return None


def send(job: Job) -> Posted | None:
    """Deliver the job's message, in its reader's language (`reader`); where it landed (None:
    nothing to post, e.g. the assessment was deleted meanwhile). Raises what Slack raised, for
    the courier to retry or give up."""
    message = job.envelope.message
    try:
        user = reader(job, message)
        with speaking(job.locale_of(user) if user else job.services.settings.default_locale):
            return SENDERS[type(message)](job, message)
    except NotFound:
        log.info("outbox entry %s dropped: its assessment was deleted", job.envelope.key)
        return None
