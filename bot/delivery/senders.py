"""Which function delivers which kind of message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.delivery import kickoff, lead, modals, pages, scheduled, summaries
from bot.delivery.job import Job
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


def send(job: Job) -> Posted | None:
    """Deliver the job's message; where it landed (None: nothing to post, e.g. the assessment
    was deleted meanwhile). Raises what Slack raised, for the courier to retry or give up."""
    message = job.envelope.message
    try:
        return SENDERS[type(message)](job, message)
    except NotFound:
        log.info("outbox entry %s dropped: its assessment was deleted", job.envelope.key)
        return None
