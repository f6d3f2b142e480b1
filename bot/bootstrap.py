"""The composition root: the one place that wires storage, frameworks and Slack together."""

from __future__ import annotations

import logging

from slack_bolt import App

from questionnaire.ports import Clock
from questionnaire.registry import FrameworkRegistry
from storage.engine import check_database, make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

from .app import create_app, make_client
from .clock import SystemClock
from .services import Services
from .settings import Settings, SettingsError


def build_services(
    settings: Settings, *, clock: Clock | None = None, migrate: bool = True
) -> Services:
    """Open the database (checking it answers), run migrations, load frameworks."""
    engine = make_engine(settings.database_url)
    check_database(engine)  # fails fast, naming host and database but never the password
    if migrate:
        upgrade(engine)
    extra = [settings.frameworks_dir] if settings.frameworks_dir else []
    return Services(
        settings=settings,
        uow=make_uow_factory(engine),
        clock=clock or SystemClock(),
        registry=FrameworkRegistry(extra),
        admins=frozenset(settings.admin_user_ids),
    )


def build_app(services: Services, *, http: bool, process_before_response: bool = False) -> App:
    """The Bolt app for Socket Mode (`http=False`) or signed HTTP requests (`http=True`)."""
    settings = services.settings
    settings.require("http" if http else "socket")
    if settings.slack_bot_token is None:  # require() raised already; this narrows the type
        raise SettingsError("SLACK_BOT_TOKEN is not set")
    secret = (
        settings.slack_signing_secret.get_secret_value()
        if http and settings.slack_signing_secret
        else None
    )
    client = make_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    return create_app(
        services, client, signing_secret=secret, process_before_response=process_before_response
    )


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # slack_sdk logs request bodies at DEBUG, which may include tokens in form posts.
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, logging.getLevelName(level)))
