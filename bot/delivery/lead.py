"""Delivering what follows a lead's change: who holds which role, the reminder settings, and the
deletion of an assessment."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.deletion import deleted_note, retired_page
from bot.blocks.policy import describe_policy
from bot.blocks.roles import gave, role_given, taken
from bot.delivery.job import Job
from bot.delivery.pages import view_of
from bot.i18n import _, current_locale, speaking
from bot.slack.mrkdwn import esc, mention
from bot.slack.webapi import Posted, error_code, explain, transient, update
from questionnaire.conversation import is_open
from questionnaire.estimates import seconds_left
from questionnaire.outbox import Deleted, RoleGiven, RolesChanged, RoleTaken, SettingsSaved
from questionnaire.usecases.context import AssessmentView

log = logging.getLogger(__name__)


def _role_name(view: AssessmentView, role: str, locale: str) -> str:
    return esc(view.framework.role(role).name.get(locale))


def roles_changed(job: Job, message: RolesChanged) -> Posted:
    """`Updated roles in *X*: Developer, Tester.` to whoever changed them."""
    view, locale = view_of(job, message.assessment_id), current_locale()
    changed = ", ".join(_role_name(view, role, locale) for role in message.roles)
    text = _("Updated roles in *%(name)s*: %(roles)s.") % {
        "name": esc(view.assessment.name),
        "roles": changed or _("no changes"),
    }
    return job.post(message.actor, {"text": text})


def _co_holder_note(view: AssessmentView, user_id: str, locale: str) -> str:
    """For a new holder who is asked nothing: who is asked their roles' questions instead."""
    lines = []
    for role in view.framework.roles:
        holders = view.assessment.holders(role.key)
        if user_id not in holders:
            continue
        name = _role_name(view, role.key, locale)
        if holders[0] == user_id:
            lines.append(
                "• "
                + _("*%(role)s*: none of its questions are waiting for you now.") % {"role": name}
            )
        else:
            lines.append(
                "• "
                + _(
                    "*%(role)s*: you hold it with %(person)s, who is asked its questions first. "
                    "You may answer them too."
                )
                % {"role": name, "person": mention(holders[0])}
            )
    return "\n".join(lines)


def role_given_(job: Job, message: RoleGiven) -> Posted | None:
    """A new holder: their roles, open questions, items, due date and a Start button, as they
    are when this goes out; a co-holder asked nothing yet: who is asked first. No question page
    is pushed unasked."""
    view, locale = view_of(job, message.assessment_id), current_locale()
    fw, a, user = view.framework, view.assessment, message.user_id
    if not a.is_active():
        return None  # closed before this went out: nothing is asked of them any more
    owned = view.routing.owned_by(user)
    questions = [loc for loc in owned if is_open(view.states.get(loc.requirement.id))]
    if questions:
        seconds = seconds_left(fw, owned, view.states, view.evidence)
        payload = role_given(message.actor, user, fw, a, message.roles, questions, seconds, locale)
    else:
        head = gave(message.actor, user, fw, a, message.roles, locale)
        payload = {"text": f"{head}\n{_co_holder_note(view, user, locale)}"}
    return job.post(user, payload)


def role_taken(job: Job, message: RoleTaken) -> Posted:
    """Someone taken off roles hears who is asked each role's questions now (one DM)."""
    view, locale = view_of(job, message.assessment_id), current_locale()
    lines = [
        taken(message.actor, view.framework, view.assessment, role, asked, was_asked, locale)
        for role, asked, was_asked in message.taken
    ]
    return job.post(message.user_id, {"text": "\n".join(lines)})


def settings_saved(job: Job, message: SettingsSaved) -> Posted:
    """The settings in force, to the actor, or to the lead when someone else did it."""
    a = view_of(job, message.assessment_id).assessment
    adaptive = _("Adaptive questioning on.") if a.adaptive else _("Adaptive questioning off.")
    values = {
        "name": esc(a.name),
        "actor": mention(message.actor),
        "summary": f"{describe_policy(a.reminder_policy)} {adaptive}",
    }
    if message.user_id == message.actor:
        text = _("Saved the settings of *%(name)s*: %(summary)s") % values
    else:
        text = _("%(actor)s changed the settings of *%(name)s*: %(summary)s") % values
    return job.post(message.user_id, {"text": text})


def deleted(job: Job, message: Deleted) -> Posted | None:
    """Tell the channel (or, when that fails, the actor why not), retire people's pages so their
    buttons don't linger, and confirm to the actor and the lead."""
    actor, name = message.actor, esc(message.name)
    posted = None
    try:
        # A channel post: the channel's language, not the actor's (the deployment's default
        # until assessments keep a channel language).
        with speaking(job.services.settings.default_locale):
            note = deleted_note(message)
        posted = job.post_to_channel(message.channel_id, note, step="channel")
    except SlackApiError as exc:
        if transient(exc):
            raise
        text = _("I couldn't tell %(channel)s: %(why)s") % {
            "channel": f"<#{message.channel_id}>",
            "why": explain(exc),
        }
        job.post(actor, {"text": text}, step="channel-failed")
    for channel, ts in message.pages:
        try:
            update(job.client, channel, ts, retired_page(message))
        except SlackApiError as exc:  # a stale page is harmless: its buttons say it was deleted
            log.info("could not retire page %s/%s: %s", channel, ts, error_code(exc))
    done = _(":wastebasket: Deleted *%(name)s* and all its data.") % {"name": name}
    job.post(actor, {"text": done}, step="actor")
    if message.lead_id != actor:
        with speaking(job.locale_of(message.lead_id)):
            text = _(":wastebasket: %(actor)s deleted your assessment *%(name)s*.") % {
                "actor": mention(actor),
                "name": name,
            }
        job.post(message.lead_id, {"text": text}, step="lead")
    return posted
