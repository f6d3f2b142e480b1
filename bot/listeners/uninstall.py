"""`app_uninstalled` and `tokens_revoked`: stop acting in that workspace; its assessments stay
until an admin deletes them."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.listeners.context import workspaces_in

log = logging.getLogger(__name__)


def uninstalled(context: BoltContext, client: WebClient) -> None:
    """The app was removed from the workspace (or org): forget its installation."""
    workspaces_in(context, client).forget(context.team_id, context.enterprise_id, bot_only=False)
    log.info("uninstalled from %s: its installation is deleted", _where(context))


def tokens_revoked(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """A token was revoked: when it was the bot's, forget the bot (user tokens are not used)."""
    if (event.get("tokens") or {}).get("bot"):
        workspaces_in(context, client).forget(context.team_id, context.enterprise_id, bot_only=True)
        log.info("bot token revoked in %s: its bot is deleted", _where(context))


def _where(context: BoltContext) -> str:
    return f"workspace {context.team_id}" if context.team_id else f"org {context.enterprise_id}"


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
