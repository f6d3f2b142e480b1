"""The composition root: the one place that wires storage, frameworks and Slack together."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pydantic import SecretStr
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from sqlalchemy import event

from bot.config.clock import SystemClock
from bot.config.observer import NO_OBSERVER, Observer
from bot.config.services import Services
from bot.config.settings import Settings, SettingsError
from bot.slack.workspaces import SingleToken, Workspaces
from bot.wiring.app import Bot, create_bot, make_client
from bot.wiring.json_logs import JsonFormatter
from bot.wiring.redaction import RedactingFormatter, format_all_handlers
from questionnaire.ports import Clock
from questionnaire.registry import FrameworkRegistry
from storage.engine import PoolLimits, check_database, make_engine
from storage.revision import database_revision, shipped_head
from storage.uow import make_uow_factories

if TYPE_CHECKING:
    from bot.wiring.installations import Installations

log = logging.getLogger(__name__)


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    migrate: bool = True,
    observer: Observer = NO_OBSERVER,
) -> Services:
    """Open the database (checking it answers), run migrations (if it is not at the shipped
    revision), load frameworks; `observer`
    hears of every database error."""
    engine = make_engine(settings.database_url, pool=pool_limits(settings))
    event.listen(engine, "handle_error", lambda _context: observer.database_error())
    check_database(engine)  # fails fast, naming host and database but never the password
    if migrate and database_revision(engine) != shipped_head():
        from storage.migrate import upgrade  # Alembic loads only when there is work for it

        upgrade(engine)
    extra = [settings.frameworks_dir] if settings.frameworks_dir else []
    units, reads = make_uow_factories(engine)
    return Services(
        settings=settings,
        uow=units,
        reads=reads,
        clock=clock or SystemClock(),
        registry=FrameworkRegistry(extra),
        admins=frozenset(settings.admin_user_ids),
        observer=observer,
    )


def pool_limits(settings: Settings) -> PoolLimits:
    """The pool the settings ask for (DATABASE_POOL_SIZE and the two after it). By default it
    keeps a connection for each thread that uses the database at once, the listeners' and the
    delivery workers': a smaller pool closed what a burst of clicks had opened, and opened them
    again at the next (fifty clicks at once opened sixteen connections each time)."""
    return PoolLimits(
        settings.database_pool_size or settings.listener_threads + settings.delivery_workers,
        settings.database_max_overflow,
        settings.database_pool_timeout_seconds,
    )


def log_framework_problems(registry: FrameworkRegistry) -> int:
    """Log, at WARNING, every problem of a framework file that did not load (else it would just
    be missing from the start picker), as `framework validate` prints it; return the count."""
    problems = [problem for error in registry.problems() for problem in error.problems]
    for problem in problems:
        log.warning("framework file not loaded: %s", problem)
    return len(problems)


def build_app(services: Services, *, http: bool, process_before_response: bool = False) -> Bot:
    """The Bolt app for Socket Mode (`http=False`) or signed HTTP requests (`http=True`), with
    the courier that delivers what it queues."""
    settings = services.settings
    settings.require("http" if http else "socket")
    secret = (
        settings.slack_signing_secret.get_secret_value()
        if http and settings.slack_signing_secret
        else None
    )
    if settings.oauth:  # each workspace's token comes from its installation
        return create_bot(
            services,
            slack_client(settings, None, services.observer),
            signing_secret=secret,
            process_before_response=process_before_response,
            oauth=_oauth(settings, services.observer),
        )
    if settings.slack_bot_token is None:  # require() raised already; this narrows the type
        raise SettingsError("SLACK_BOT_TOKEN is not set")
    client = slack_client(settings, settings.slack_bot_token, services.observer)
    return create_bot(
        services, client, signing_secret=secret, process_before_response=process_before_response
    )


def build_workspaces(settings: Settings, observer: Observer = NO_OBSERVER) -> Workspaces:
    """The client of each workspace, outside the app (the command line): the installations in
    OAuth mode, else the one SLACK_BOT_TOKEN."""
    if settings.oauth:
        return _oauth(settings, observer)[1]
    if settings.slack_bot_token is None:
        raise SettingsError(
            "SLACK_BOT_TOKEN is not set: the bot acts with it (or set SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET for OAuth mode). See docs/setup.md."
        )
    return SingleToken(slack_client(settings, settings.slack_bot_token, observer))


def _oauth(
    settings: Settings, observer: Observer = NO_OBSERVER
) -> tuple[OAuthSettings, Installations]:
    from bot.wiring.oauth import oauth_mode  # its stores and cipher load in OAuth mode only

    return oauth_mode(settings, lambda token: slack_client(settings, SecretStr(token), observer))


def slack_client(
    settings: Settings, token: SecretStr | None, observer: Observer = NO_OBSERVER
) -> WebClient:
    """The Web API client the settings describe (base URL, timeout), acting with `token` (none:
    Bolt's OAuth mode, which gives each request its workspace's token), telling `observer` of
    every call."""
    return make_client(
        token.get_secret_value() if token else None,
        settings.slack_api_url,
        settings.slack_timeout_seconds,
        observer,
    )


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    """Log at the configured level, as text or JSON lines (LOG_FORMAT), every line with the
    configured secrets, Slack tokens and URL credentials masked, whichever library writes it."""
    level = settings.log_level
    logging.basicConfig(level=level, format=LOG_FORMAT)
    secrets = [
        s.get_secret_value()
        for s in (
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            settings.slack_client_secret,
            settings.slack_token_key,
        )
        if s is not None
    ]
    json_lines = settings.log_format == "json"
    format_all_handlers(
        JsonFormatter(secrets) if json_lines else RedactingFormatter(LOG_FORMAT, secrets)
    )
    # slack_sdk logs request bodies at DEBUG, which may include tokens in form posts.
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, logging.getLevelName(level)))
