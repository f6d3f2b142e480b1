"""Answer buttons, Confirm last time's answers, Guidance, and Start/Continue."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from questionnaire.conversation import agenda, page_of
from questionnaire.domain import Answer
from questionnaire.usecases.answering import confirm_answers, record_answer
from questionnaire.usecases.errors import UseCaseError

from .. import flows
from ..blocks.modals import guidance_modal
from ..ids import ANSWER_ACTION, Action, MoreRef, PageRef, QuestionRef
from ..services import Services
from ..slack_io import ephemeral
from ..text import esc_message


def where(body: dict[str, Any]) -> tuple[str, str]:
    """The channel and ts of the message a button was clicked in."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
    return channel, container.get("message_ts") or (body.get("message") or {}).get("ts", "")


def open_guidance(
    services: Services, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the Guidance modal of one requirement (guidance is framework text anyone may read)."""
    view = flows.view_of(services, body["team"]["id"], ref.a)
    loc = view.framework.locate(ref.r)
    client.views_open(
        trigger_id=body["trigger_id"], view=guidance_modal(view.framework, loc, services.locale)
    )


def register(app: App, services: Services) -> None:
    @app.action(ANSWER_ACTION)
    def answered(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        action = body["actions"][0]
        ref = QuestionRef.load(action["value"])
        answer = Answer(action["action_id"].split(":", 1)[1])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        channel, ts = where(body)
        try:
            # Persist before acking: a crash after the ack must not lose the click.
            outcome = record_answer(
                services.uow,
                services.clock,
                team_id,
                ref.a,
                ref.r,
                answer,
                user_id,
                services.admins,
            )
        except UseCaseError as exc:
            ack()
            ephemeral(client, channel, user_id, f":no_entry: {esc_message(exc)}")
            return
        ack()
        # The page belongs to its owner even when the lead or an admin answers on it.
        flows.after_answer(services, client, outcome, ref.u or user_id, ref.i, ref.p, channel, ts)

    @app.action(Action.CONFIRM_PAGE)
    def confirm_page(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = PageRef.load(body["actions"][0]["value"])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        owner, channel, ts = ref.u or user_id, *where(body)
        try:
            # Persist before acking, like an answer click.
            view = flows.view_of(services, team_id, ref.a)
            page = page_of(agenda(view.routing, owner), ref.i or "", ref.p)
            shown = [loc.requirement.id for loc in page.requirements] if page else []
            outcome = confirm_answers(
                services.uow, services.clock, team_id, ref.a, shown, user_id, services.admins
            )
        except UseCaseError as exc:
            ack()
            ephemeral(client, channel, user_id, f":no_entry: {esc_message(exc)}")
            return
        ack()
        flows.after_confirm(services, client, outcome, owner, ref.i or "", ref.p, channel, ts)

    @app.action(Action.GUIDANCE)  # the button on pages posted before the overflow menu
    def guidance(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_guidance(services, client, body, QuestionRef.load(body["actions"][0]["value"]))

    @app.action(Action.CONTINUE)
    def continue_(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = PageRef.load(body["actions"][0]["value"])
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            flows.show_next(services, client, team_id, ref.a, user_id)
        except UseCaseError as exc:
            channel, _ = where(body)
            ephemeral(client, channel, user_id, f":warning: {esc_message(exc)}")
