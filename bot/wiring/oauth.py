"""OAuth mode: Bolt's install flow (GET /slack/install, /slack/oauth_redirect) on slack_sdk's
SQLAlchemy installation and state stores, in the bot's database."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files

import yaml
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.config.settings import Settings, SettingsError
from bot.wiring.installations import EncryptedInstallationStore, Installations
from questionnaire.usecases.orgs import org_of
from storage.engine import make_engine
from storage.uow import make_uow_factory

STATE_SECONDS = 600  # how long an install link's state is accepted


def manifest_scopes() -> list[str]:
    """The bot scopes the app asks for: those of bot/manifest.yaml."""
    manifest = yaml.safe_load((files("bot") / "manifest.yaml").read_text(encoding="utf-8"))
    return list(manifest["oauth_config"]["scopes"]["bot"])


def oauth_mode(
    settings: Settings, make_client: Callable[[str], WebClient]
) -> tuple[OAuthSettings, Installations]:
    """Bolt's OAuth settings and the installed workspaces, both on the bot's database."""
    client_id, client_secret, key = (
        settings.slack_client_id,
        settings.slack_client_secret,
        settings.slack_token_key,
    )
    if client_id is None or client_secret is None or key is None:  # settings.require checked
        raise SettingsError(
            "OAuth mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_TOKEN_KEY"
        )
    engine = make_engine(settings.database_url)
    store = EncryptedInstallationStore(client_id, engine, key.get_secret_value())
    oauth = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret.get_secret_value(),
        scopes=manifest_scopes(),
        redirect_uri=settings.slack_install_redirect_url,
        install_page_rendering_enabled=False,  # /slack/install goes straight to Slack
        installation_store=store,
        installation_store_bot_only=True,  # a revoked bot token stops requests too
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
    )
    uow_factory = make_uow_factory(engine)
    return oauth, Installations(store, make_client, lambda team: org_of(uow_factory, team))
