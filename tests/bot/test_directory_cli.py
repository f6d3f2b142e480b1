"""`maturity-bot directory refresh --team T` fills the people directory from Slack's users.list."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from devkit.standin import SlackStandIn
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

TOKEN = "xoxb-directory-test-token"  # a local test value, not a credential


def test_directory_refresh_stores_every_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no developer's .env is read
    for name in ("SLACK_APP_TOKEN", "FRAMEWORKS_DIR", "ADMIN_USER_IDS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    upgrade(url)
    with SlackStandIn(bot_token=TOKEN) as slack:
        slack.add_user("U0ANA", "ana", tz="America/Sao_Paulo", locale="pt-BR")
        slack.add_user("U0GONE", "gone", deleted=True)
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.base_url, "DATABASE_URL": url}
        result = CliRunner().invoke(app, ["directory", "refresh", "--team", "T0STANDIN"], env=env)
        members = len(slack.workspace.users)
    assert result.exit_code == 0, result.output
    assert f"T0STANDIN: {members} people stored" in result.output
    engine = make_engine(url)
    with make_uow_factory(engine)() as uow:
        found = uow.people.profiles("T0STANDIN", ["U0ANA", "U0GONE"])
    engine.dispose()
    assert (found["U0ANA"].tz, found["U0ANA"].locale) == ("America/Sao_Paulo", "pt-BR")
    assert found["U0GONE"].deleted
