"""Delivering a start: check the people, announce the assessment, then one intro each."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.kickoff import kickoff as kickoff_message
from bot.blocks.questions import intro as intro_message
from bot.delivery.job import Job
from bot.delivery.pages import view_of
from bot.i18n import _, speaking
from bot.i18n.terms import channel_locale
from bot.slack.directory import Directory
from bot.slack.mrkdwn import esc
from bot.slack.people import locale_of
from bot.slack.webapi import Posted, explain, transient
from questionnaire.outbox import Intro, Kickoff, Note
from questionnaire.routing import Routing
from questionnaire.usecases.admin import remove_person
from questionnaire.usecases.start import owner_shares

log = logging.getLogger(__name__)


def kickoff(job: Job, message: Kickoff) -> Posted | None:
    """People Slack can't reach (deactivated, unknown) lose their roles to the lead, who is
    told; then the kickoff goes to the channel and an intro is queued for each person asked."""
    services, team = job.services, job.team_id
    view = view_of(job, message.assessment_id)
    a = view.assessment
    assert a.id is not None
    if not a.is_active():
        return None  # closed before its kickoff went out: nothing to announce any more
    directory = Directory(job.client, services.uow, services.clock)
    shares = owner_shares(view.routing)
    unreachable = [
        s.user_id
        for s in shares
        if s.user_id != a.lead_id and not directory.reachable(team, s.user_id)
    ]
    for user_id in unreachable:
        roles = remove_person(services.uow, services.clock, team, a.id, user_id, a.lead_id)
        with speaking(locale_of(job.services, job.team_id, a.lead_id)):
            text = _(
                "<@%(user)s> is deactivated or unknown to Slack, so their questions (%(roles)s) "
                "come to you. Use `/maturity assign` to change that."
            ) % {"user": user_id, "roles": _(", ").join(roles)}
        job.queue(f"unreachable:{a.id}:{user_id}", Note(a.lead_id, text, mrkdwn=True))
    if unreachable:
        view = view_of(job, message.assessment_id)
        a = view.assessment
        assert a.id is not None
    routing = Routing(view.framework, a, view.states)
    shares = owner_shares(routing, view.evidence)
    with speaking(channel_locale(a, services.locale)):
        payload = kickoff_message(view.framework, a, shares, routing.fallback_roles())
    posted: Posted | None = None
    try:
        posted = job.post_to_channel(a.channel_id, payload)
    except SlackApiError as exc:
        if transient(exc):
            raise
        with speaking(locale_of(job.services, job.team_id, a.lead_id)):
            text = _(
                "I couldn't post the kickoff to <#%(channel)s>: %(reason)s The assessment has "
                "started anyway; summaries will go there once I can post."
            ) % {"channel": a.channel_id, "reason": esc(explain(exc))}
        job.queue(f"kickoff-failed:{a.id}", Note(a.lead_id, text, mrkdwn=True))
    for share in shares:
        job.queue(
            f"intro:{message.assessment_id}:{share.user_id}",
            Intro(message.assessment_id, share.user_id),
        )
    return posted


def intro(job: Job, message: Intro) -> Posted | None:
    """The first DM to a person asked questions: what, how many, by when, and Start."""
    services = job.services
    view = view_of(job, message.assessment_id)
    a = view.assessment
    shares = owner_shares(view.routing, view.evidence)
    share = next((s for s in shares if s.user_id == message.user_id), None)
    if share is None or not a.is_active():
        return None  # their questions moved on before the intro went out
    names = [view.framework.item(i)[1].name.get(services.locale) for i in share.item_ids]
    payload = intro_message(
        view.framework, a, share.questions, share.seconds, names, share.roles, services.locale
    )
    try:
        return job.post(message.user_id, payload)
    except SlackApiError as exc:
        if transient(exc):
            raise
        log.warning("intro DM to %s failed: %s", message.user_id, exc.response.get("error"))
        text = f"I couldn't DM <@{message.user_id}>: {esc(explain(exc))}"
        job.queue(f"intro-failed:{a.id}:{message.user_id}", Note(a.lead_id, text, mrkdwn=True))
        return None
