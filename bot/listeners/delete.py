"""`/maturity delete`: the lead or an admin confirms in a modal; then the assessment is gone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from questionnaire.domain import Assessment
from questionnaire.usecases.admin import DeletionImpact, delete_assessment, deletion_impact
from questionnaire.usecases.context import is_lead_or_admin
from questionnaire.usecases.errors import UseCaseError

from ..blocks.deletion import (
    CONFIRM_BLOCK,
    delete_modal,
    deleted_note,
    name_matches,
    retired_page,
)
from ..blocks.messages import not_lead_refusal, plain_reply
from ..ids import AssessmentRef, View
from ..services import Services
from ..slack_io import Directory, explain, post, post_to_channel, update
from ..text import esc, esc_message
from .modal_errors import plain_error

if TYPE_CHECKING:
    from .commands import Invocation

log = logging.getLogger(__name__)


def open_delete(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Open the confirmation modal (lead and admins only), naming what would be lost."""
    assert a.id is not None
    if not is_lead_or_admin(a, inv.user_id, services.admins):
        ack(**not_lead_refusal(a, "delete it"))
        return
    try:
        impact = deletion_impact(services.uow, inv.team_id, a.id, inv.user_id, services.admins)
    except UseCaseError as exc:
        ack(**plain_reply(f":no_entry: {esc_message(exc)}"))
        return
    inv.open_modal(client, ack, delete_modal(impact, AssessmentRef(a=a.id).dump(3000)))


def retire_pages(client: WebClient, impact: DeletionImpact, actor: str) -> None:
    """Replace people's current question pages, so their buttons don't linger."""
    for page in impact.pages:
        try:
            update(
                client,
                page.channel_id or page.user_id,
                page.message_ts or "",
                retired_page(impact, actor),
            )
        except SlackApiError as exc:  # a stale page is harmless: its buttons say it was deleted
            log.info("could not retire page %s/%s: %s", page.channel_id, page.message_ts, exc)


def register(app: App, services: Services) -> None:
    directory = Directory(app.client)

    @app.view(View.DELETE)
    def confirmed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = AssessmentRef.load(body["view"]["private_metadata"])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        typed = (body["view"]["state"]["values"].get(CONFIRM_BLOCK, {}).get("value") or {}).get(
            "value"
        )
        with services.uow() as uow:
            assessment = uow.assessments.get(team_id, ref.a)
        if assessment is None:
            ack(response_action="errors", errors={CONFIRM_BLOCK: "It was already deleted."})
            return
        if not name_matches(typed, assessment.name):
            # Modal errors are plain text: the name is shown as typed, not escaped.
            error = f"Type the name exactly as it is: {assessment.name}"
            ack(response_action="errors", errors={CONFIRM_BLOCK: error})
            return
        try:
            impact = delete_assessment(services.uow, team_id, ref.a, user_id, services.admins)
        except UseCaseError as exc:
            ack(
                response_action="errors",
                errors={CONFIRM_BLOCK: plain_error(directory, team_id, exc)},
            )
            return
        ack()
        log.info("assessment %s/%s deleted by %s", team_id, ref.a, user_id)
        name = esc(assessment.name)
        try:
            post_to_channel(client, assessment.channel_id, deleted_note(impact, user_id))
        except SlackApiError as exc:
            post(
                client,
                user_id,
                {"text": f"I couldn't tell <#{assessment.channel_id}>: {explain(exc)}"},
            )
        retire_pages(client, impact, user_id)
        post(client, user_id, {"text": f":wastebasket: Deleted *{name}* and all its data."})
        if assessment.lead_id != user_id:
            post(
                client,
                assessment.lead_id,
                {"text": f":wastebasket: <@{user_id}> deleted your assessment *{name}*."},
            )
