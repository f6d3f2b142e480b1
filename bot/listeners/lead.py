"""Lead actions: assign roles, remind now, reassign from an escalation; and snoozing reminders."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.blocks.messages import not_lead_refusal, plain_reply
from bot.blocks.modals import ROLE_BLOCK, assign_modal, parse_roles
from bot.blocks.reminders import snoozed as snoozed_blocks
from bot.config.services import Services
from bot.i18n import N_, _, current_locale, format_day, ngettext
from bot.listeners.answers import where
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.modal_errors import submission_key, submit
from bot.slack.directory import Directory
from bot.slack.ids import Action, AssessmentRef, SnoozeRef, View
from bot.slack.mrkdwn import esc, esc_message
from bot.slack.webapi import ephemeral, post, update
from questionnaire.domain import Assessment
from questionnaire.reminders.sweep import run_sweep, snooze
from questionnaire.usecases.admin import assign_roles
from questionnaire.usecases.context import get_assessment, is_lead_or_admin, read_view
from questionnaire.usecases.errors import UseCaseError

if TYPE_CHECKING:
    from bot.listeners.invocation import Invocation

log = logging.getLogger(__name__)
SNOOZE_ACTION = re.compile(rf"^{Action.SNOOZE}:\d+$")


def _assign_view(services: Services, assessment: Assessment) -> dict[str, Any]:
    assert assessment.id is not None
    view = read_view(services.uow, assessment.team_id, assessment.id)
    return assign_modal(
        view.framework, assessment, AssessmentRef(a=assessment.id).dump(3000), current_locale()
    )


def open_assign(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Open the assign-roles modal (lead and admins)."""
    if not is_lead_or_admin(a, inv.user_id, inv.admins):
        ack(**not_lead_refusal(a, N_("change roles")))
        return
    inv.open_modal(client, ack, _assign_view(services, a))


def remind_now(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Remind everyone with open questions in one assessment now (lead and admins)."""
    if not is_lead_or_admin(a, inv.user_id, inv.admins):
        ack(**not_lead_refusal(a, N_("send reminders")))
        return
    ack(**plain_reply(_("Sending reminders for *%(name)s*…") % {"name": esc(a.name)}))
    report = run_sweep(
        services.uow,
        services.clock,
        Directory(client, services.uow, services.clock),
        team_ids=[inv.team_id],
        assessment_id=a.id,
        force=True,
    )
    if report.sent:
        services.courier.kick()  # the reminders are queued: the courier sends them, paced
    text = ngettext(
        "Reminded %(num)d person in *%(name)s*.",
        "Reminded %(num)d people in *%(name)s*.",
        report.sent,
    ) % {"num": report.sent, "name": esc(a.name)}
    idle = report.skipped_nothing_pending
    if idle:
        text += " " + ngettext(
            "%(num)d person has nothing pending.", "%(num)d people have nothing pending.", idle
        ) % {"num": idle}
    if report.failed:
        text += " " + _("%(num)d could not be reminded; try again in a minute.") % {
            "num": report.failed
        }
    if inv.response_url:  # beside the command, as the ack was: no DM for a command's answer
        WebhookClient(inv.response_url).send(text=text, response_type="ephemeral")
    else:  # run from the assessment picker: no response_url to answer on
        post(client, inv.user_id, {"text": text})


def unreachable_holders(
    directory: Directory, team_id: str, before: Assessment | None, roles: dict[str, list[str]]
) -> dict[str, str]:
    """Role block -> why a newly picked holder can't be asked (a bot, deactivated, unknown)."""
    errors = {}
    for role, users in roles.items():
        old = before.holders(role) if before else []
        for user in users:
            why = None if user in old else directory.why_unreachable(team_id, user)
            if why:
                errors[f"{ROLE_BLOCK}{role}"] = why
                break
    return errors


def assign_submitted(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """The assign-roles modal: change role holders and queue who is told what."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = AssessmentRef.load(body["view"]["private_metadata"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    values = body["view"]["state"]["values"]
    roles = parse_roles(values)
    with services.uow() as uow:
        before = uow.assessments.get(team_id, ref.a)
    refused = unreachable_holders(directory, team_id, before, roles)
    if refused:
        ack(response_action="errors", errors=refused)
        return
    # Changed with every DM it owes, once per view.
    submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: assign_roles(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            roles,
            user_id,
            admins_of(context, client, user_id),
            once=submission_key(body),
        ),
        at=next(iter(values), "roles"),
    )


def reassign(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Reassign from an escalation DM: open the assign modal for that assessment."""
    services = services_of(context)
    ack()
    ref = AssessmentRef.load(body["actions"][0]["value"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    with services.uow() as uow:  # NotFound (deleted) is told by the error handler
        assessment = get_assessment(uow, team_id, ref.a)
    if not is_lead_or_admin(assessment, user_id, admins_of(context, client, user_id)):
        channel = where(body)[0]
        ephemeral(client, channel, user_id, not_lead_refusal(assessment, N_("reassign"))["text"])
        return
    client.views_open(trigger_id=body["trigger_id"], view=_assign_view(services, assessment))


def snoozed(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Snooze reminders for a day or a week; the reminder is edited in place to say so."""
    services = services_of(context)
    ack()
    ref = SnoozeRef.load(body["actions"][0]["value"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    try:
        until = snooze(services.uow, services.clock, team_id, user_id, ref.days)
    except (ValueError, UseCaseError) as exc:
        channel = where(body)[0]
        ephemeral(client, channel, user_id, f":warning: {esc_message(exc)}")
        return
    stamp = (
        f"<!date^{int(until.timestamp())}^{{date_short_pretty}} {{time}}"
        f"|{format_day(until)} {until:%H:%M} UTC>"
    )
    note = _(":zzz: Snoozed: no reminders until %(when)s.") % {"when": stamp}
    channel, ts = where(body)
    shown = (body.get("message") or {}).get("blocks")
    if shown and channel and ts:  # the snooze buttons become the note, in place
        update(
            client,
            channel,
            ts,
            {"text": body["message"].get("text", ""), "blocks": snoozed_blocks(shown, note)},
        )
    else:
        ephemeral(client, channel, user_id, note)


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.view(View.ASSIGN)(assign_submitted)
    app.action(Action.REASSIGN)(reassign)
    app.action(SNOOZE_ACTION)(snoozed)
