"""Delivering what follows a modal: evidence confirmations and both sides of a hand-off."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from slack_sdk.errors import SlackApiError

from bot.blocks.questions import attached, evidence_what, prompt_answered
from bot.delivery.job import Job
from bot.delivery.pages import refresh_page, view_of
from bot.slack.mrkdwn import clip, esc, mention, plural
from bot.slack.webapi import Posted, error_code, transient, update
from questionnaire.domain import Evidence, EvidenceKind
from questionnaire.outbox import EvidenceAdded, HandedOn, HandedToYou

log = logging.getLogger(__name__)


def named(item: Evidence) -> str:
    """One piece of evidence as its confirmation names it (mrkdwn)."""
    if item.kind is EvidenceKind.MESSAGE and not item.url:
        return "the message"
    return evidence_what(item.url, item.title or (item.note and clip(item.note, 80)))


def evidence_added(job: Job, message: EvidenceAdded) -> Posted | None:
    """Confirm once: the evidence prompt it came from says so in place (its thread and button
    keep working); anything else, or a prompt Slack no longer has, gets one short DM."""
    view = view_of(job, message.assessment_id)
    item = next((e for e in view.evidence if e.id == message.evidence_id), None)
    if item is None:
        return None  # removed since: nothing left to confirm
    a, what = view.assessment, named(item)
    if message.channel and message.ts:
        loc = view.framework.locate(item.requirement_id)
        try:
            update(job.client, message.channel, message.ts, prompt_answered(a, loc, what))
            return Posted(message.channel, message.ts)
        except SlackApiError as exc:
            if transient(exc):
                raise
            log.warning(
                "could not update evidence prompt %s/%s (%s); confirming by DM",
                message.channel,
                message.ts,
                error_code(exc),
            )
    return job.post(message.user_id, {"text": attached(a, item.requirement_id, what)})


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
