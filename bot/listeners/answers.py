"""Answer buttons, Confirm last time's answers, None of the rest is met, Guidance, and
Start/Continue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.modals import guidance_modal
from bot.blocks.questions import questions_shown
from bot.config.services import Services
from bot.deadlines import once
from bot.i18n import current_locale
from bot.listeners.context import admins_of, services_of, workspace_of
from bot.slack.ids import ANSWER_ACTION, Action, MoreRef, PageRef, QuestionRef
from bot.slack.mrkdwn import esc_message
from bot.slack.webapi import ephemeral
from questionnaire.domain import Answer
from questionnaire.usecases.answering import (
    AnswerOutcome,
    confirm_answers,
    none_met,
    record_answer,
    show_next_page,
)
from questionnaire.usecases.context import read_view
from questionnaire.usecases.errors import UseCaseError
from questionnaire.usecases.follow_up import PageAt


def where(body: dict[str, Any]) -> tuple[str, str]:
    """The channel and ts of the message a button was clicked in."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
    return channel, container.get("message_ts") or (body.get("message") or {}).get("ts", "")


def open_guidance(
    context: BoltContext, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the Guidance modal of one requirement (guidance is framework text anyone may read)."""
    services = services_of(context)
    view = read_view(services.uow, workspace_of(context), ref.a)
    loc = view.framework.locate(ref.r)
    client.views_open(
        trigger_id=body["trigger_id"], view=guidance_modal(view.framework, loc, current_locale())
    )


def page_at(ref: QuestionRef | PageRef, user_id: str, body: dict[str, Any]) -> PageAt:
    """The page clicked on; it belongs to its owner even when the lead or an admin clicks. The
    questions its message showed (their blocks' ids) tell the answer whose evidence to read
    with its write."""
    channel, ts = where(body)
    shown = questions_shown((body.get("message") or {}).get("blocks"))
    return PageAt(ref.u or user_id, ref.i or "", ref.p, channel, ts, shown)


def click(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    services: Services,
    change: Callable[[], object],
    icon: str = ":no_entry:",
) -> None:
    """Run a click's use case before the ack: saved with what follows it, a crash after the ack
    loses nothing (unless it runs past its deadline: then the ack goes first, before Slack
    shows the clicker an error, see `bot.deadlines`). What the clicker waits for (the page, the
    next page) was queued already claimed by this process, and is sent right after the ack
    (`Courier.deliver_handed`); the courier's loop delivers the rest. A refusal is acked and
    told to the clicker alone, under `icon`."""
    courier, acked = services.courier, once(ack)
    try:
        with services.deadlines.watching(acked, "a click"), courier.handing_over() as handover:
            outcome = change()
    except UseCaseError as exc:
        acked()
        user_id = body["user"]["id"]
        ephemeral(client, where(body)[0], user_id, f"{icon} {esc_message(exc)}")
        return
    acked()
    # An answer's pages are drawn from the assessment as its transaction committed it.
    courier.deliver_handed(handover, outcome.view if isinstance(outcome, AnswerOutcome) else None)
    if handover is None or handover.rest:
        courier.kick()


def answered(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """An answer button: save the answer with what follows it, then ack and deliver."""
    services = services_of(context)
    action = body["actions"][0]
    ref = QuestionRef.load(action["value"])
    answer = Answer(action["action_id"].split(":", 1)[1])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    click(
        ack,
        body,
        client,
        services,
        lambda: record_answer(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            ref.r,
            answer,
            user_id,
            admins_of(context, client, user_id),
            page=page_at(ref, user_id, body),
        ),
    )


def confirm_page(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Confirm last time's answers on a page, as if each were clicked again."""
    services = services_of(context)
    ref = PageRef.load(body["actions"][0]["value"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    click(
        ack,
        body,
        client,
        services,
        lambda: confirm_answers(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            None,  # the questions on the page
            user_id,
            admins_of(context, client, user_id),
            page=page_at(ref, user_id, body),
        ),
    )


def none_met_clicked(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """None of the rest is met (after Slack's confirmation): Not met for the page's open ones."""
    services = services_of(context)
    ref = PageRef.load(body["actions"][0]["value"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    click(
        ack,
        body,
        client,
        services,
        lambda: none_met(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            user_id,
            page_at(ref, user_id, body),
            admins_of(context, client, user_id),
        ),
    )


def guidance(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Guidance on a question (the button of older pages): open its modal."""
    ack()
    open_guidance(context, client, body, QuestionRef.load(body["actions"][0]["value"]))


def continue_(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Start or Continue: queue the person's next page (a double click posts one)."""
    services = services_of(context)
    ref = PageRef.load(body["actions"][0]["value"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    click(
        ack,
        body,
        client,
        services,
        lambda: show_next_page(services.uow, services.clock, team_id, ref.a, user_id),
        icon=":warning:",
    )


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.action(ANSWER_ACTION)(answered)
    app.action(Action.CONFIRM_PAGE)(confirm_page)
    app.action(Action.NONE_MET)(none_met_clicked)
    app.action(Action.GUIDANCE)(guidance)  # the button on pages posted before the overflow menu
    app.action(Action.CONTINUE)(continue_)
