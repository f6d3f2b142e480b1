"""Runtime settings from the environment and `.env`; built on demand by `load_settings()`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config.errors import SettingsError as SettingsError  # re-exported for its callers

SETUP_DOC = "docs/setup.md"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
_REQUIRED: dict[str, tuple[str, ...]] = {
    "socket": ("slack_bot_token", "slack_app_token"),
    "http": ("slack_bot_token", "slack_signing_secret"),
}
# OAuth mode (several workspaces install the app; each workspace's token is in the database).
_REQUIRED_OAUTH = ("slack_signing_secret", "slack_token_key")


class Settings(BaseSettings):
    """Everything the bot reads from its environment; secrets stay hidden in repr and errors."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # OAuth mode: set both to let workspaces install the app at /slack/install (docs/setup.md).
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_token_key: SecretStr | None = None  # a Fernet key: encrypts the stored tokens
    slack_install_redirect_url: str | None = None  # else Slack uses the app's only redirect URL
    database_url: str = "sqlite:///maturity-bot.sqlite3"
    frameworks_dir: Path | None = None
    admin_user_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    default_locale: str = Field(default="en", min_length=2)
    log_level: LogLevel = "INFO"
    # Delivery of what the bot owes people (docs/delivery.md).
    delivery_workers: int = Field(default=8, ge=1, le=64)  # Slack calls after the ack, in parallel
    delivery_poll_seconds: float = Field(default=5.0, gt=0, le=300)  # the loop's look for leftovers
    delivery_lease_seconds: float = Field(default=120.0, ge=1, le=3600)  # a dead claimer's hold
    listener_threads: int = Field(default=16, ge=1, le=256)  # requests parsed and acked at once
    # A Web API call that has not answered by then is given up (and its delivery retried).
    slack_timeout_seconds: int = Field(default=30, ge=1, le=300)
    # Operating (docs/setup.md): the connection pool per process, the log format, and a side
    # port for /metrics and the probes (needed in Socket Mode; 0 is off). The pool keeps one
    # connection per thread that uses the database at once unless told otherwise (None).
    database_pool_size: int | None = Field(default=None, ge=1, le=100)
    database_max_overflow: int = Field(default=10, ge=0, le=100)
    database_pool_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    log_format: Literal["text", "json"] = "text"
    metrics_port: int = Field(default=0, ge=0, le=65535)
    # How often each process ticks for due reminders and digests; each workspace's tick runs in
    # one process (docs/setup.md). Tests shorten it.
    sweep_seconds: int = Field(default=60, ge=1, le=3600)

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_client_id",
        "slack_client_secret",
        "slack_token_key",
        "slack_install_redirect_url",
        mode="before",
    )
    @classmethod
    def _blank_secret_is_missing(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_token_key")
    @classmethod
    def _token_key_is_fernet(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from cryptography.fernet import Fernet  # loads only where a key is set (OAuth)

            try:
                Fernet(value.get_secret_value())
            except ValueError:
                raise ValueError(
                    "not a key: generate one with `python -c 'from cryptography.fernet import "
                    "Fernet; print(Fernet.generate_key().decode())'`"
                ) from None
        return value

    @field_validator("frameworks_dir", "database_pool_size", mode="before")
    @classmethod
    def _blank_dir_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        # The Slack SDK joins method names onto the base URL, which needs its trailing slash.
        return value if value.endswith("/") else value + "/"

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_user_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    return json.loads(text)
                except json.JSONDecodeError:
                    raise ValueError(
                        'expected Slack user ids as "U1,U2" or a JSON list ["U1", "U2"]'
                    ) from None
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @property
    def oauth(self) -> bool:
        """True when workspaces install the app through OAuth (client id and secret are set)."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    def missing_for(self, mode: Literal["socket", "http"]) -> list[str]:
        """The environment variable names `mode` needs that are not set."""
        names = _REQUIRED_OAUTH if self.oauth and mode == "http" else _REQUIRED[mode]
        return [name.upper() for name in names if getattr(self, name) is None]

    def require(self, mode: Literal["socket", "http"]) -> None:
        """Raise SettingsError naming every variable `mode` needs that is missing."""
        if (self.slack_client_id is None) != (self.slack_client_secret is None):
            raise SettingsError(
                "Set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth mode, several "
                f"workspaces) or neither (one workspace, SLACK_BOT_TOKEN). See {SETUP_DOC}."
            )
        if self.oauth and mode == "socket":
            raise SettingsError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET select OAuth mode, which serves "
                "/slack/install over HTTP: run `serve --http`, or unset them to use Socket Mode "
                f"with SLACK_BOT_TOKEN. See {SETUP_DOC}."
            )
        missing = self.missing_for(mode)
        if missing:
            what = "OAuth (several workspaces)" if self.oauth else mode
            raise SettingsError(
                f"Missing settings for {what} mode: {', '.join(missing)}. Set them in the "
                f"environment or in .env; see {SETUP_DOC} for where to find each value."
            )


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and `.env`; keyword overrides win (tests pass theirs)."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        # Name the variables and the rule, never the values: a value could be a secret.
        lines = [f"{_env_name(e['loc'])}: {_plain(e['msg'])}" for e in error.errors()]
        raise SettingsError(
            "Invalid settings:\n" + "\n".join(lines) + f"\nSee {SETUP_DOC}."
        ) from None


def _env_name(loc: tuple[int | str, ...]) -> str:
    return str(loc[0]).upper() if loc else "SETTINGS"


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")
