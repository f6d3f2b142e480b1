"""Every request is answered in its reader's language: a middleware sets it before any listener
(replies, ephemeral messages, modals and Home then read `_()` in it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.i18n import speak
from bot.listeners.context import WORKSPACE, services_of
from bot.listeners.middleware import Direct
from bot.slack.people import locale_of

log = logging.getLogger(__name__)


def reader_of(body: dict[str, Any]) -> str | None:
    """Who the request's answer is for: the command's user, the clicker or submitter, the
    event's user (None for a request from no one, such as an uninstall)."""
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    event = body.get("event")
    if not user and isinstance(event, dict):
        user = event.get("user")
        if isinstance(user, dict):  # user_change carries the whole user
            user = user.get("id")
    return user if isinstance(user, str) and user else None


def speak_to_reader(
    context: BoltContext, body: dict[str, Any], next: Callable[[], BoltResponse]
) -> BoltResponse | None:
    """Speak the reader's locale (the listener runs after this returns, in a copy of this
    context). One read of the people directory; no Slack call."""
    team, user = context.get(WORKSPACE), reader_of(body)
    locale = None
    if team and user:
        try:
            locale = locale_of(services_of(context), str(team), user)
        except Exception:  # the request still goes on, in the default language
            log.exception("could not read %s's locale", user)
    speak(locale or services_of(context).settings.default_locale)
    return next()


def register(app: App) -> None:
    """Wire this module's middleware to the app."""
    app.middleware(Direct(speak_to_reader))
