"""`/maturity settings`: the lead changes an assessment's reminder policy, adaptive
questioning and channel language in a modal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.adaptive import parse_adaptive
from bot.blocks.channel_language import CHANNEL_LANGUAGE, parse_language
from bot.blocks.messages import closed_refusal, not_lead_refusal
from bot.blocks.policy import CADENCE, parse_policy, settings_modal
from bot.config.services import Services
from bot.i18n import N_, _
from bot.i18n.terms import channel_locale
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.modal_errors import submission_key, submit
from bot.slack.ids import AssessmentRef, View
from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.usecases.admin import update_policy
from questionnaire.usecases.context import is_lead_or_admin

if TYPE_CHECKING:
    from bot.listeners.invocation import Invocation


def open_settings(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Open the settings modal, filled in with the current policy (lead and admins only)."""
    assert a.id is not None
    if not is_lead_or_admin(a, inv.user_id, inv.admins):
        ack(**not_lead_refusal(a, N_("change its reminder settings")))
        return
    if not a.is_active():
        ack(**closed_refusal(a, N_("it sends no more reminders or digests")))
        return
    language = channel_locale(a, services.locale)
    inv.open_modal(client, ack, settings_modal(a, AssessmentRef(a=a.id).dump(3000), language))


def submitted(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The settings modal: save the reminder policy and adaptive questioning, and queue who is
    told."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = AssessmentRef.load(body["view"]["private_metadata"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    with services.uow() as uow:
        current = uow.assessments.get(team_id, ref.a)
    base = current.reminder_policy if current else ReminderPolicy()
    values = body["view"]["state"]["values"]
    policy = parse_policy(values, base)
    adaptive = parse_adaptive(values, default=current.adaptive if current else False)
    try:
        language = parse_language(values)
    except ValueError:
        ack(
            response_action="errors", errors={CHANNEL_LANGUAGE: _("Pick a language from the list.")}
        )
        return
    if not isinstance(policy, ReminderPolicy):
        ack(response_action="errors", errors=policy)
        return
    # Saved with the notes it owes, once per view.
    once = submission_key(body)
    submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: update_policy(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            policy,
            user_id,
            admins_of(context, client, user_id),
            adaptive=adaptive,
            channel_locale=language,
            once=once,
        ),
        at=CADENCE,
    )


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.view(View.SETTINGS)(submitted)
