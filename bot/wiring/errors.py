"""The one error handler: log the traceback, tell the person briefly and honestly."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.config.services import Services
from bot.i18n import _
from bot.slack.ids import BadRef
from bot.slack.mrkdwn import esc_message
from bot.slack.webapi import ephemeral, explain
from questionnaire.usecases.errors import UseCaseError
from storage.engine import is_database_down

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> BoltResponse | None:
        if isinstance(error, UseCaseError | BadRef):  # expected: the person is told why below
            log.info("listener refused: %s", error)
        else:
            log.error("listener failed: %s", type(error).__name__, exc_info=error)
        refused = BoltResponse(status=400, body="") if isinstance(error, BadRef) else None
        user = (body.get("user") or {}).get("id") or body.get("user_id")
        channel = (body.get("channel") or {}).get("id") or body.get("channel_id") or user
        if not user or not channel:
            return refused
        if isinstance(error, UseCaseError):  # e.g. a button on a page of a deleted assessment
            text = f":warning: {esc_message(error)}"
        elif isinstance(error, BadRef):  # forged, or a message from an older version of the bot
            text = _(
                ":warning: I can't read that button or form (it may be from an older message), "
                "so nothing was changed. `/maturity status` shows where things stand."
            )
        elif is_database_down(error):
            text = _(
                ":warning: I can't reach my database right now, so that was *not* saved. "
                "Please try again in a few minutes."
            )
        else:
            # On a question page, the worry is for the answers given so far: they are stored.
            saved = (
                " " + _("Your earlier answers are saved.")
                if body.get("type") == "block_actions"
                else ""
            )
            if isinstance(error, SlackApiError):
                text = _(":warning: Slack refused that: %(why)s") % {"why": explain(error)} + saved
            else:
                text = (
                    _(":warning: Something went wrong on my side and I logged it.")
                    + saved
                    + " "
                    + _("Please try again.")
                )
        if body.get("command") and body.get("response_url"):
            # Slash commands work in channels the bot is not in: answer through response_url.
            WebhookClient(body["response_url"]).send(text=text, response_type="ephemeral")
        else:
            ephemeral(client, channel, user, text)
        return refused
