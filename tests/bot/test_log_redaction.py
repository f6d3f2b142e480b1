"""Secrets never reach the log, whichever library writes the line."""

from __future__ import annotations

import json
import subprocess
import sys

from bot.wiring.redaction import redact

# Formatted with the log format (hence the doubled braces).
SCRIPT = """
import logging
from bot.config.settings import Settings
from bot.wiring.bootstrap import configure_logging
from bot.wiring.request_context import handling

settings = Settings(
    slack_bot_token="xoxb-1111-2222-secretbot",
    slack_signing_secret="signing-secret-value",
    slack_api_url="https://user:p4ssw0rd@slack.example.com/api/",
    log_level="INFO",
    log_format="{log_format}",
)
configure_logging(settings)
# As the SDK's retry handler logs it: the whole URL, at INFO.
logging.getLogger("slack_sdk.http_retry").info(
    "A retry handler found: %s for POST %s", "ConnectionErrorRetryHandler",
    settings.slack_api_url + "chat.postMessage",
)
logging.getLogger("some.library").warning("headers %s", {{"Authorization": "Bearer xoxb-1111-2222-secretbot"}})
try:
    raise RuntimeError("bad signature signing-secret-value for postgresql://app:dbpass@db/x")
except RuntimeError:
    logging.getLogger("anything").exception("failed")
with handling("T0TEAM", "U0USER"):
    logging.getLogger("listener").info("handled")
"""


def _logged(log_format: str) -> str:
    script = SCRIPT.format(log_format=log_format)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr


def test_no_secret_in_any_logger_line() -> None:
    log = _logged("text")
    assert "chat.postMessage" in log and "Traceback" in log  # the lines were written
    for secret in ("p4ssw0rd", "secretbot", "signing-secret-value", "dbpass", "xoxb-1111"):
        assert secret not in log
    assert "https://***@slack.example.com/api/chat.postMessage" in log


def test_redact_keeps_ordinary_text() -> None:
    text = "Posted to https://slack.com/api/chat.postMessage for user@example.com at 10:30"
    assert redact(text, ["abc"]) == text  # too short a secret would mask words
    assert redact("xapp-1-A0B1C2-12345-abcdef") == "***"
    assert (
        redact("postgresql+psycopg://me:pw@127.0.0.1/test")
        == "postgresql+psycopg://***@127.0.0.1/test"
    )


def test_json_lines_carry_the_request_ids_and_no_secret() -> None:
    log = _logged("json")
    lines = [json.loads(line) for line in log.splitlines()]
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    failed = next(line for line in lines if line["message"] == "failed")
    assert "Traceback" in failed["exception"] and "dbpass" not in failed["exception"]
    handled = next(line for line in lines if line["message"] == "handled")
    assert (handled["workspace_id"], handled["user_id"]) == ("T0TEAM", "U0USER")
    assert len(handled["request_id"]) == 16
    for secret in ("p4ssw0rd", "secretbot", "signing-secret-value", "dbpass", "xoxb-1111"):
        assert secret not in log
