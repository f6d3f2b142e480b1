"""Slack's user events keep the people directory in step: a profile changed, someone joined."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.listeners.context import services_of, workspace_of
from bot.slack.people import profile_from_slack
from questionnaire.usecases.people import save_profiles


def user_changed(event: dict[str, Any], context: BoltContext) -> None:
    """`user_change` or `team_join`: store the person as the event describes them (a time
    zone, name or locale changed, an account deactivated, a new member)."""
    user = event.get("user")
    if not isinstance(user, dict) or not user.get("id"):
        return
    services, team_id = services_of(context), workspace_of(context)
    save_profiles(services.uow, services.clock, team_id, [profile_from_slack(user)])
    services.readers.forget(team_id, str(user["id"]))  # a new locale reads at once


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.event("user_change")(user_changed)
    app.event("team_join")(user_changed)
