"""App Home: my open questions per assessment, evidence I owe, and the assessments I lead."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.blocks.home import ASSESSMENTS_SHOWN, home_tab
from bot.config.services import Services
from bot.i18n import current_locale
from bot.listeners.context import services_of, workspace_of
from questionnaire.usecases.context import load_view


def home_view(
    services: Services, team_id: str, user_id: str, shown: int = ASSESSMENTS_SHOWN
) -> dict[str, Any]:
    """The user's Home tab, from the database (one load per assessment shown); the newest
    `shown` assessments, then a pointer to `/maturity list` for the rest."""
    with services.uow() as uow:
        mine = uow.assessments.list_for_user(team_id, user_id)
        views = [load_view(uow, team_id, a.id) for a in mine[:shown] if a.id]
    hidden = max(0, len(mine) - shown)
    return home_tab(views, user_id, hidden, current_locale())


def publish(services: Services, client: WebClient, team_id: str, user_id: str) -> None:
    """Publish the person's Home tab."""
    client.views_publish(user_id=user_id, view=home_view(services, team_id, user_id))


def opened(
    event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The Home tab was opened: show the person's open work."""
    services = services_of(context)
    if event.get("tab", "home") == "home":
        publish(services, client, workspace_of(context), event["user"])


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.event("app_home_opened")(opened)
