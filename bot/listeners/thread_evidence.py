"""The picker in a page's thread: which question a kept reply is evidence for."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.listeners.answers import click, where
from bot.listeners.context import admins_of, services_of, workspace_of
from bot.slack.ids import PICK_EVIDENCE_ACTION, KeptRef
from questionnaire.usecases.page_threads import attach_kept


def picked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A question picked (a button, or the menu's option): attach the kept reply to it; the
    picker becomes the confirmation."""
    services = services_of(context)
    action = body["actions"][0]
    ref = KeptRef.load(action.get("value") or action["selected_option"]["value"])
    team_id, user_id = workspace_of(context), body["user"]["id"]
    click(
        ack,
        body,
        client,
        services,
        lambda: attach_kept(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            ref.k,
            ref.r,
            user_id,
            where(body)[1],
            admins_of(context, client, user_id),
        ),
    )


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.action(PICK_EVIDENCE_ACTION)(picked)
