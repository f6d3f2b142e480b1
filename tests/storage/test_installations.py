"""Installations (OAuth mode) on the migrated schema: slack_sdk's store round-trips, and the
tables hold no token in clear, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.wiring.installations import EncryptedInstallationStore, Installations, TokenKeyError
from storage.engine import make_engine
from storage.migrate import upgrade

from .helpers import at

BOT_TOKEN = "xoxb-T0A-secret-bot-token"  # a made-up value, not a credential
USER_TOKEN = "xoxp-T0A-secret-user-token"


def _round_trip(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        key = Fernet.generate_key().decode()
        store = EncryptedInstallationStore("111.222", engine, key)
        store.save(
            Installation(
                app_id="A0APP",
                team_id="T0A",
                team_name="Alpha",
                bot_token=BOT_TOKEN,
                bot_id="B0A",
                bot_user_id="U0BOTA",
                bot_scopes="chat:write",
                user_id="U0LEAD",
                user_token=USER_TOKEN,
            )
        )
        bot = store.find_bot(enterprise_id=None, team_id="T0A")
        assert bot is not None and bot.bot_token == BOT_TOKEN
        found = store.find_installation(enterprise_id=None, team_id="T0A")
        assert found is not None and found.user_token == USER_TOKEN
        with engine.connect() as connection:
            for table in ("slack_bots", "slack_installations"):
                rows = connection.execute(text(f"SELECT * FROM {table}")).all()
                assert rows and "secret" not in repr(rows)
        with pytest.raises(TokenKeyError, match="SLACK_TOKEN_KEY"):
            EncryptedInstallationStore("111.222", engine, Fernet.generate_key().decode()).find_bot(
                enterprise_id=None, team_id="T0A"
            )
        workspaces = Installations(store, lambda token: token)  # type: ignore[arg-type,return-value]
        assert workspaces.client_for("T0A") == BOT_TOKEN
        assert workspaces.client_for("T0B") is None
        workspaces.forget("T0A", None, bot_only=False)
        assert workspaces.client_for("T0A") is None
        assert store.find_installation(enterprise_id=None, team_id="T0A") is None
    finally:
        engine.dispose()


def test_sqlite_stores_installations_encrypted(sqlite_url: str) -> None:
    _round_trip(sqlite_url)


@pytest.mark.postgres
def test_postgres_stores_installations_encrypted(postgres_url: str) -> None:
    _round_trip(postgres_url)


def test_an_org_wide_installation_serves_the_workspaces_its_requests_showed(
    sqlite_url: str,
) -> None:
    """Installed org-wide on Enterprise Grid, the token is the organisation's: a scheduled job
    or a delivery knows only the workspace, so the workspace's organisation, noted from its
    requests, finds it; a workspace of no known organisation gets nothing, not a wrong token."""
    from questionnaire.usecases.orgs import org_of, remember_org
    from storage.uow import make_uow_factory

    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        store = EncryptedInstallationStore("111.222", engine, Fernet.generate_key().decode())
        store.save(
            Installation(
                app_id="A0APP",
                enterprise_id="E0ORG",
                team_id=None,
                is_enterprise_install=True,
                bot_token=BOT_TOKEN,
                bot_id="B0ORG",
                bot_user_id="U0BOTORG",
                user_id="U0INSTALLER",
            )
        )
        uow = make_uow_factory(engine)
        workspaces = Installations(
            store,
            lambda token: token,  # type: ignore[arg-type,return-value]
            lambda team: org_of(uow, team),
        )
        assert workspaces.client_for("T0SALES") is None  # no request has shown its org yet
        remember_org(uow, "T0SALES", "E0ORG", at(1))
        assert workspaces.client_for("T0SALES") == BOT_TOKEN
        assert workspaces.installer("T0SALES") == "U0INSTALLER"
        assert workspaces.client_for("T0ELSEWHERE") is None
    finally:
        engine.dispose()
