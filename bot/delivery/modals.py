"""Delivering what follows a hand-off: both sides of it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from bot.delivery.job import Job
from bot.delivery.pages import refresh_page, view_of
from bot.slack.mrkdwn import esc, mention, plural
from bot.slack.webapi import Posted
from questionnaire.outbox import HandedOn, HandedToYou

log = logging.getLogger(__name__)


def _what(requirement_ids: Sequence[str]) -> str:
    return (
        f"`{esc(requirement_ids[0])}`"
        if len(requirement_ids) == 1
        else plural(len(requirement_ids), "question")
    )


def handed_on(job: Job, message: HandedOn) -> Posted:
    """The page it came from says what was handed to whom (the whole message when nothing is
    left on it); a hand-off from elsewhere is confirmed by DM."""
    name = esc(view_of(job, message.assessment_id).assessment.name)
    note = f"Handed {_what(message.requirement_ids)} to {mention(message.to_user)} (*{name}*)."
    if message.page is not None:
        return refresh_page(job, replace(message.page, note=note))
    return job.post(message.actor, {"text": note})


def handed_to_you(job: Job, message: HandedToYou) -> Posted:
    """Who handed the receiver what, with their note quoted (escaped: it is theirs as typed)."""
    name = esc(view_of(job, message.assessment_id).assessment.name)
    what = _what(message.requirement_ids)
    text = f"{mention(message.actor)} handed you {what} in *{name}*."
    if message.note:
        text += "".join(f"\n> {esc(line)}" for line in message.note.splitlines())
    return job.post(message.to_user, {"text": text})
