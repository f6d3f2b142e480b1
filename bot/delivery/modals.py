"""Delivering what follows a hand-off: both sides of it."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.blocks.handoff import handed_to_you_text, handed_what
from bot.delivery.job import Job
from bot.delivery.pages import refresh_page, view_of
from bot.i18n import _
from bot.slack.mrkdwn import esc, mention
from bot.slack.webapi import Posted
from questionnaire.outbox import HandedOn, HandedToYou

log = logging.getLogger(__name__)


def handed_on(job: Job, message: HandedOn) -> Posted:
    """The page it came from says what was handed to whom (the whole message when nothing is
    left on it); a hand-off from elsewhere is confirmed by DM."""
    name = esc(view_of(job, message.assessment_id).assessment.name)
    note = _("Handed %(what)s to %(person)s (*%(name)s*).") % {
        "what": handed_what(message.requirement_ids),
        "person": mention(message.to_user),
        "name": name,
    }
    if message.page is not None:
        return refresh_page(job, replace(message.page, note=note))
    return job.post(message.actor, {"text": note})


def handed_to_you(job: Job, message: HandedToYou) -> Posted:
    """Who handed the receiver what, with their note (entries queued before hand-offs came on
    the receiver's page)."""
    name = view_of(job, message.assessment_id).assessment.name
    text = handed_to_you_text(message.actor, message.requirement_ids, name, message.note)
    return job.post(message.to_user, {"text": text})
