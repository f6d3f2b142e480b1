"""`maturity-bot serve` start-up: one clear error line and exit 1, never a secret or a traceback;
broken custom frameworks are logged."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli.main import app
from bot.wiring.bootstrap import log_framework_problems
from devkit.standin import SlackStandIn
from questionnaire.registry import FrameworkRegistry

TOKEN = "xoxb-startup-test-token"  # local test values, not credentials
SECRET = "startup-test-signing-secret"
PASSWORD = "db-pass-word"
BROKEN_FRAMEWORK = "id: broken\nversion: '1'\ntitle: Broken\nlevels: []\n"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(bot_token=TOKEN) as standin:
        yield standin


@pytest.fixture
def env(tmp_path: Path, slack: SlackStandIn, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no developer's .env is read
    for name in ("SLACK_APP_TOKEN", "FRAMEWORKS_DIR", "ADMIN_USER_IDS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
    }


def serve(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, ["serve", "--http", "--host", "127.0.0.1", *args], env=env)


def assert_one_clear_error(result: Result, starts: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error: {starts}"), result.stderr
    for secret in (TOKEN, SECRET, PASSWORD, "Traceback"):
        assert secret not in result.output


@pytest.mark.parametrize("missing", ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"])
def test_a_missing_slack_setting_is_named(env: dict[str, str], missing: str) -> None:
    result = serve(env | {missing: ""})
    assert_one_clear_error(result, f"Missing settings for http mode: {missing}.")


def test_a_database_that_is_down_is_named_without_its_password(env: dict[str, str]) -> None:
    url = f"postgresql://maturity:{PASSWORD}@127.0.0.1:1/maturity"  # nothing listens on port 1
    result = serve(env | {"DATABASE_URL": url})
    assert_one_clear_error(result, "cannot reach the database postgresql://127.0.0.1:1/maturity: ")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "DATABASE_URL is not a database URL"),
        (
            f"mysql://maturity:{PASSWORD}@db/maturity",
            "unsupported database 'mysql' in DATABASE_URL",
        ),
    ],
)
@pytest.mark.parametrize("command", [["serve", "--http"], ["db", "upgrade"], ["report", "x"]])
def test_a_database_url_that_is_not_one_is_one_clear_line(
    env: dict[str, str], url: str, says: str, command: list[str]
) -> None:
    result = CliRunner().invoke(app, command, env=env | {"DATABASE_URL": url})
    assert_one_clear_error(result, says)


def test_a_bot_token_slack_refuses_is_not_printed(env: dict[str, str]) -> None:
    result = serve(env | {"SLACK_BOT_TOKEN": "xoxb-refused-" + TOKEN})
    assert_one_clear_error(result, "Slack refused SLACK_BOT_TOKEN: ")
    assert "invalid_auth" in result.stderr


def test_a_port_in_use_is_named(env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve(env, "--port", str(port))
    assert_one_clear_error(result, f"cannot listen on 127.0.0.1:{port}: Address already in use")


def test_framework_problems_are_logged_as_framework_validate_prints_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_FRAMEWORK)
    validate = CliRunner().invoke(app, ["framework", "validate", str(broken)])
    assert validate.exit_code == 1
    with caplog.at_level(logging.WARNING, logger="bot.wiring.bootstrap"):
        count = log_framework_problems(FrameworkRegistry([tmp_path]))
    logged = [
        (r.levelno, r.getMessage()) for r in caplog.records if r.name == "bot.wiring.bootstrap"
    ]
    shown = validate.stdout.splitlines()
    assert count == len(shown) == 2
    assert logged == [(logging.WARNING, f"framework file not loaded: {line}") for line in shown]


def test_no_framework_problems_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.wiring.bootstrap"):
        assert log_framework_problems(FrameworkRegistry()) == 0
    assert caplog.records == []


def test_once_the_frameworks_are_loaded_the_start_is_out_of_the_collectors_sight() -> None:
    """serve's start-up thread loads the frameworks, then freezes what the start made, so a
    full garbage collection no longer walks the modules, frameworks and app at every request's
    expense."""
    import gc

    from bot.runtime.serve import _settle

    registry = FrameworkRegistry()
    gc.unfreeze()
    try:
        _settle(registry)
        assert registry._entries is not None  # loaded first, so frozen with the rest
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
