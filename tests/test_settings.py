"""Settings: defaults, parsing, what each mode requires, and secrets that never leak."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config.settings import Settings, SettingsError, load_settings
from bot.wiring.bootstrap import slack_client

ENV_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DATABASE_URL",
    "FRAMEWORKS_DIR",
    "ADMIN_USER_IDS",
    "DEFAULT_LOCALE",
    "LOG_LEVEL",
    "SLACK_TIMEOUT_SECONDS",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_TOKEN_KEY",
    "SLACK_INSTALL_REDIRECT_URL",
)
BOT = "xoxb-bot-very-secret-1234"
APP = "xapp-app-very-secret-5678"
SIGNING = "signing-very-secret-9abc"


@pytest.fixture(autouse=True)
def _clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start from no variables and no .env (the working directory is an empty temp dir)."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.slack_bot_token is None
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///maturity-bot.sqlite3"
    assert settings.frameworks_dir is None
    assert settings.admin_user_ids == []
    assert settings.default_locale == "en"
    assert settings.log_level == "INFO"


def test_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:8080/api")
    monkeypatch.setenv("FRAMEWORKS_DIR", "/srv/frameworks")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == BOT
    assert settings.slack_api_url == "http://127.0.0.1:8080/api/"  # the SDK needs the slash
    assert settings.frameworks_dir == Path("/srv/frameworks")
    assert settings.log_level == "DEBUG"


def test_slack_timeout_reaches_the_web_client(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().slack_timeout_seconds == 30
    monkeypatch.setenv("SLACK_TIMEOUT_SECONDS", "4")
    settings = load_settings()
    assert slack_client(settings, SecretStr(BOT)).timeout == 4
    monkeypatch.setenv("SLACK_TIMEOUT_SECONDS", "0")
    with pytest.raises(SettingsError, match="SLACK_TIMEOUT_SECONDS"):
        load_settings()


def test_reads_dot_env_file_and_overrides_win(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"SLACK_APP_TOKEN={APP}\nDEFAULT_LOCALE=zh\n")
    settings = load_settings(default_locale="en")
    assert settings.slack_app_token is not None
    assert settings.slack_app_token.get_secret_value() == APP
    assert settings.default_locale == "en"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("U1,U2", ["U1", "U2"]),
        (" U1 , U2 ,", ["U1", "U2"]),
        ('["U1", "U2"]', ["U1", "U2"]),
        ("U1", ["U1"]),
        ("", []),
    ],
)
def test_admin_user_ids(monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[str]) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", raw)
    assert load_settings().admin_user_ids == expected


def test_invalid_values_name_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", '["U1",')
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).splitlines() == [
        "Invalid settings:",
        'ADMIN_USER_IDS: expected Slack user ids as "U1,U2" or a JSON list ["U1", "U2"]',
        "LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'",
        "See docs/setup.md.",
    ]


@pytest.mark.parametrize(
    ("mode", "missing"),
    [
        ("socket", "SLACK_BOT_TOKEN, SLACK_APP_TOKEN"),
        ("http", "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"),
    ],
)
def test_require_names_every_missing_variable(mode: str, missing: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings().require(mode)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"Missing settings for {mode} mode: {missing}. Set them in the environment or in .env; "
        "see docs/setup.md for where to find each value."
    )


def test_require_names_only_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    monkeypatch.setenv("SLACK_APP_TOKEN", "   ")  # blank counts as missing
    settings = load_settings()
    with pytest.raises(SettingsError, match=r"socket mode: SLACK_APP_TOKEN\. ") as caught:
        settings.require("socket")
    assert BOT not in str(caught.value)
    with pytest.raises(SettingsError, match=r"http mode: SLACK_SIGNING_SECRET\. "):
        settings.require("http")


def test_require_passes_when_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(slack_bot_token=BOT, slack_app_token=APP, slack_signing_secret=SIGNING)
    settings.require("socket")
    settings.require("http")


def test_oauth_mode_needs_its_own_settings_not_the_bot_token() -> None:
    with pytest.raises(SettingsError, match="both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"):
        load_settings(slack_client_id="1.2").require("http")
    oauth = load_settings(slack_client_id="1.2", slack_client_secret="client-very-secret")
    with pytest.raises(SettingsError, match=r"OAuth .* SLACK_SIGNING_SECRET, SLACK_TOKEN_KEY\. "):
        oauth.require("http")
    with pytest.raises(SettingsError, match="serve --http"):
        oauth.require("socket")
    with pytest.raises(SettingsError, match="SLACK_TOKEN_KEY: not a key") as caught:
        load_settings(slack_token_key="key-very-secret")
    assert "very-secret" not in str(caught.value)
    key = "a" * 43 + "="  # 32 bytes, url-safe base64: a valid Fernet key
    complete = oauth.model_copy(
        update={"slack_signing_secret": SecretStr(SIGNING), "slack_token_key": SecretStr(key)}
    )
    complete.require("http")


def test_secrets_never_appear_in_repr_str_dump_or_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING)
    settings = load_settings(slack_app_token=APP)
    shown = [repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())]
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(SettingsError) as caught:
        load_settings(slack_app_token=APP)
    shown.append(str(caught.value))
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    with pytest.raises(SettingsError) as missing:
        load_settings(slack_app_token=APP, log_level="INFO").require("http")
    shown.append(str(missing.value))
    for text in shown:
        for secret in (BOT, APP, SIGNING):
            assert secret not in text
    assert "**********" in repr(settings)


def test_no_settings_object_at_import_time() -> None:
    import bot.config.settings as module

    assert not [value for value in vars(module).values() if isinstance(value, Settings)]
