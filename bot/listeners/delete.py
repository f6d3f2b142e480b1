"""`/maturity delete`: the lead or an admin confirms in a modal; then the assessment is gone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.deletion import CONFIRM_BLOCK, delete_modal, name_matches
from bot.blocks.messages import not_lead_refusal, plain_reply
from bot.config.services import Services
from bot.i18n import N_, _
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.modal_errors import submission_key, submit
from bot.slack.ids import AssessmentRef, View
from bot.slack.mrkdwn import esc_message
from questionnaire.domain import Assessment
from questionnaire.usecases.context import is_lead_or_admin
from questionnaire.usecases.deletion import delete_assessment, deletion_impact
from questionnaire.usecases.errors import UseCaseError

if TYPE_CHECKING:
    from bot.listeners.invocation import Invocation

log = logging.getLogger(__name__)


def open_delete(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Open the confirmation modal (lead and admins only), naming what would be lost."""
    assert a.id is not None
    if not is_lead_or_admin(a, inv.user_id, inv.admins):
        ack(**not_lead_refusal(a, N_("delete it")))
        return
    try:
        impact = deletion_impact(services.uow, inv.team_id, a.id, inv.user_id, inv.admins)
    except UseCaseError as exc:
        ack(**plain_reply(f":no_entry: {esc_message(exc)}"))
        return
    inv.open_modal(client, ack, delete_modal(impact, AssessmentRef(a=a.id).dump(3000)))


def confirmed(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The delete modal, name typed: delete the assessment and queue who is told."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = AssessmentRef.load(body["view"]["private_metadata"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    typed = (body["view"]["state"]["values"].get(CONFIRM_BLOCK, {}).get("value") or {}).get("value")
    with services.uow() as uow:
        assessment = uow.assessments.get(team_id, ref.a)
    if assessment is None:
        ack(response_action="errors", errors={CONFIRM_BLOCK: _("It was already deleted.")})
        return
    if not name_matches(typed, assessment.name):
        # Modal errors are plain text: the name is shown as typed, not escaped.
        error = _("Type the name exactly as it is: %(name)s") % {"name": assessment.name}
        ack(response_action="errors", errors={CONFIRM_BLOCK: error})
        return
    # Deleted with the notes it owes and the pages to retire, once per view.
    once = submission_key(body)
    deleted = submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: delete_assessment(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            user_id,
            admins_of(context, client, user_id),
            once=once,
        ),
        at=CONFIRM_BLOCK,
    )
    if deleted:
        log.info("assessment %s/%s deleted by %s", team_id, ref.a, user_id)


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.view(View.DELETE)(confirmed)
