"""OAuth mode: slack_sdk's SQLAlchemy installation store with the tokens encrypted at rest, and
the client of each installed workspace."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
CACHE_SECONDS = 30.0  # how long another process may still act in a workspace just uninstalled


class TokenKeyError(Exception):
    """A stored token does not decrypt with SLACK_TOKEN_KEY (the key was changed)."""


class _Sealed(TypeDecorator[str]):
    """A token column: encrypted on the way in, decrypted on the way out."""

    impl = Text
    cache_ok = True

    def __init__(self, cipher: Fernet) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.cipher.encrypt(value.encode()).decode()

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        try:
            return self.cipher.decrypt(value.encode()).decode()
        except InvalidToken:
            raise TokenKeyError(
                "a stored Slack token does not decrypt with SLACK_TOKEN_KEY: was the key "
                "changed? Restore it, or have each workspace install the app again"
            ) from None


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, whose token columns (bot, user, refresh) hold Fernet ciphertext:
    a database dump alone does not reveal a token. Tables: migration 0009."""

    def __init__(self, client_id: str, engine: Engine, key: str) -> None:
        super().__init__(client_id, engine)
        sealed = _Sealed(Fernet(key))
        for table in (self.bots, self.installations):
            for column in table.columns:
                if column.name in TOKEN_COLUMNS:
                    column.type = sealed


class Installations:
    """Each workspace's client, from its installation's bot token (cached briefly; a workspace
    found not installed is looked up again next time, so an install is seen at once)."""

    def __init__(
        self,
        store: SQLAlchemyInstallationStore,
        make_client: Callable[[str], WebClient],
        org_of: Callable[[str], str | None] = lambda _team: None,
    ) -> None:
        self.store = store
        self._make_client = make_client
        # A workspace's Grid organisation, as its requests showed it: scheduled jobs and
        # deliveries know only the workspace, and an org-wide installation is the org's.
        self._org_of = org_of
        self._lock = threading.Lock()
        self._cache: dict[tuple[str | None, str | None], tuple[float, WebClient]] = {}

    def client_for(self, team_id: str, enterprise_id: str | None = None) -> WebClient | None:
        """The client with the workspace's bot token; None when the app is not installed."""
        key = (enterprise_id, team_id)
        with self._lock:
            cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        org = enterprise_id or (self._org_of(team_id) if bot is None else None)
        if bot is None and org is not None:  # installed org-wide on Enterprise Grid
            bot = self.store.find_bot(enterprise_id=org, team_id=None, is_enterprise_install=True)
        if bot is None or not bot.bot_token:
            return None
        client = self._make_client(bot.bot_token)
        with self._lock:
            self._cache[key] = (time.monotonic(), client)
        return client

    def installer(self, team_id: str, enterprise_id: str | None = None) -> str | None:
        """Who installed the app in the workspace (or, on Enterprise Grid, in its organisation);
        None when no installation is stored."""
        found = self.store.find_installation(enterprise_id=enterprise_id, team_id=team_id)
        org = enterprise_id or (self._org_of(team_id) if found is None else None)
        if found is None and org is not None:
            found = self.store.find_installation(
                enterprise_id=org, team_id=None, is_enterprise_install=True
            )
        return found.user_id if found is not None and found.user_id else None

    def forget(self, team_id: str | None, enterprise_id: str | None, *, bot_only: bool) -> None:
        """Delete the workspace's bot (`bot_only`: its bot token was revoked) or everything of
        its installation (uninstalled); its assessments stay until an admin deletes them."""
        if bot_only:
            self.store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        else:
            self.store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        with self._lock:
            self._cache.clear()
