"""Lead actions: assign roles, remind now, reassign from an escalation; and snoozing reminders."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from questionnaire.conversation import is_open
from questionnaire.domain import Assessment
from questionnaire.reminders import run_sweep, snooze
from questionnaire.usecases.admin import assign_roles
from questionnaire.usecases.context import AssessmentView, get_assessment, is_lead_or_admin
from questionnaire.usecases.errors import UseCaseError

from .. import flows
from ..blocks.messages import not_lead_refusal, plain_reply
from ..blocks.modals import ROLE_BLOCK, assign_modal, parse_roles
from ..blocks.reminders import snoozed as snoozed_blocks
from ..blocks.roles import gave, role_given, taken
from ..ids import Action, AssessmentRef, SnoozeRef, View
from ..services import Services
from ..slack_io import Directory, ephemeral, post, tell, update
from ..text import day, esc, esc_message, plural
from .answers import where
from .modal_errors import plain_error

if TYPE_CHECKING:
    from .commands import Invocation

log = logging.getLogger(__name__)
SNOOZE_ACTION = re.compile(rf"^{Action.SNOOZE}:\d+$")


def _assign_view(services: Services, assessment: Assessment) -> dict[str, Any]:
    assert assessment.id is not None
    view = flows.view_of(services, assessment.team_id, assessment.id)
    return assign_modal(
        view.framework, assessment, AssessmentRef(a=assessment.id).dump(3000), services.locale
    )


def open_assign(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    if not is_lead_or_admin(a, inv.user_id, services.admins):
        ack(**not_lead_refusal(a, "change roles"))
        return
    inv.open_modal(client, ack, _assign_view(services, a))


def remind_now(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    if not is_lead_or_admin(a, inv.user_id, services.admins):
        ack(**not_lead_refusal(a, "send reminders"))
        return
    ack(**plain_reply(f"Sending reminders for *{esc(a.name)}*…"))
    report = run_sweep(
        services.uow,
        services.clock,
        Directory(client),
        team_ids=[inv.team_id],
        assessment_id=a.id,
        force=True,
    )
    if report.sent:
        services.courier.kick()  # the reminders are queued: the courier sends them, paced
    text = f"Reminded {plural(report.sent, 'person', 'people')} in *{esc(a.name)}*."
    if report.skipped_nothing_pending:
        idle = plural(report.skipped_nothing_pending, "person has", "people have")
        text += f" {idle} nothing pending."
    if report.failed:
        text += f" {report.failed} could not be reminded; try again in a minute."
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


def _role_name(view: AssessmentView, role: str, locale: str) -> str:
    return esc(view.framework.role(role).name.get(locale))


def _co_holder_note(view: AssessmentView, user_id: str, locale: str) -> str:
    """For a new holder who is asked nothing: who is asked their roles' questions instead."""
    lines = []
    for role in view.framework.roles:
        holders = view.assessment.holders(role.key)
        if user_id not in holders:
            continue
        name = _role_name(view, role.key, locale)
        if holders[0] == user_id:
            lines.append(f"• *{name}*: none of its questions are waiting for you now.")
        else:
            lines.append(
                f"• *{name}*: you hold it with <@{holders[0]}>, who is asked its questions first. "
                "You may answer them too."
            )
    return "\n".join(lines)


def _new_roles(before: Assessment | None, after: Assessment, user_id: str) -> list[str]:
    old = before.roles if before else {}
    return [
        r for r, users in after.roles.items() if user_id in users and user_id not in old.get(r, [])
    ]


def tell_new_holders(
    client: WebClient,
    services: Services,
    actor: str,
    before: Assessment | None,
    view: AssessmentView,
    added: list[str],
) -> None:
    """Each new holder: their roles, open questions, items, due date and a Start button; a
    co-holder asked nothing yet: who is asked first. No question page is pushed unasked."""
    fw, a, locale = view.framework, view.assessment, services.locale
    for user in added:
        new_roles = _new_roles(before, a, user)
        questions = [
            loc
            for loc in view.routing.owned_by(user)
            if is_open(view.states.get(loc.requirement.id))
        ]
        if questions:
            tell(client, [user], role_given(actor, user, fw, a, new_roles, questions, locale))
        else:
            note = _co_holder_note(view, user, locale)
            tell(client, [user], {"text": f"{gave(actor, user, fw, a, new_roles, locale)}\n{note}"})


def tell_removed_holders(
    client: WebClient,
    services: Services,
    actor: str,
    before: Assessment | None,
    view: AssessmentView,
    changed_roles: list[str],
) -> None:
    """Everyone taken off a role hears who is asked its questions now (one DM each)."""
    if before is None:
        return
    a, lines = view.assessment, dict[str, list[str]]()
    for role in changed_roles:
        old, new = before.holders(role), a.holders(role)
        asked = new[0] if new else a.lead_id  # no holder left: the lead is asked
        for user in old:
            if user not in new and user != actor:
                line = taken(actor, view.framework, a, role, asked, user == old[0], services.locale)
                lines.setdefault(user, []).append(line)
    for user, told in lines.items():
        tell(client, [user], {"text": "\n".join(told)})


def register(app: App, services: Services) -> None:
    directory = Directory(app.client)

    @app.view(View.ASSIGN)
    def assign_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = AssessmentRef.load(body["view"]["private_metadata"])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        values = body["view"]["state"]["values"]
        roles = parse_roles(values)
        with services.uow() as uow:
            before = uow.assessments.get(team_id, ref.a)
        refused = unreachable_holders(directory, team_id, before, roles)
        if refused:
            ack(response_action="errors", errors=refused)
            return
        try:
            result = assign_roles(
                services.uow, services.clock, team_id, ref.a, roles, user_id, services.admins
            )
        except UseCaseError as exc:
            first = next(iter(values), "roles")
            ack(response_action="errors", errors={first: plain_error(directory, team_id, exc)})
            return
        ack()
        view = flows.view_of(services, team_id, ref.a)
        changed = [_role_name(view, role, services.locale) for role in result.changed_roles]
        post(
            client,
            user_id,
            {
                "text": f"Updated roles in *{esc(view.assessment.name)}*: "
                f"{', '.join(changed) or 'no changes'}."
            },
        )
        tell_new_holders(client, services, user_id, before, view, result.added_users)
        tell_removed_holders(client, services, user_id, before, view, result.changed_roles)

    @app.action(Action.REASSIGN)
    def reassign(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = AssessmentRef.load(body["actions"][0]["value"])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        with services.uow() as uow:  # NotFound (deleted) is told by the error handler
            assessment = get_assessment(uow, team_id, ref.a)
        if not is_lead_or_admin(assessment, user_id, services.admins):
            channel, _ = where(body)
            ephemeral(client, channel, user_id, not_lead_refusal(assessment, "reassign")["text"])
            return
        client.views_open(trigger_id=body["trigger_id"], view=_assign_view(services, assessment))

    @app.action(SNOOZE_ACTION)
    def snoozed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = SnoozeRef.load(body["actions"][0]["value"])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            until = snooze(services.uow, services.clock, team_id, user_id, ref.days)
        except (ValueError, UseCaseError) as exc:
            channel, _ = where(body)
            ephemeral(client, channel, user_id, f":warning: {esc_message(exc)}")
            return
        stamp = (
            f"<!date^{int(until.timestamp())}^{{date_short_pretty}} {{time}}"
            f"|{day(until)} {until:%H:%M} UTC>"
        )
        note = f":zzz: Snoozed: no reminders until {stamp}."
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
