"""`maturity-bot serve --http` as a real process: waitress, the Slack stand-in, a SQLite file."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.runtime.http_server import MAX_BODY_BYTES
from devkit.standin import SlackRequests, SlackStandIn

SECRET = "serve-test-signing-secret"  # a local test value, not a credential
STARTUP_SECONDS = 30.0  # a poll: only a broken start waits this long
LISTENING = re.compile(r"serving Slack requests at http://127\.0\.0\.1:(\d+)/slack/events")
FORM = "application/x-www-form-urlencoded"
BROKEN_FRAMEWORK = "id: broken\nversion: '1'\ntitle: Broken\nlevels: []\n"


@dataclass
class Bot:
    process: subprocess.Popen[bytes]
    port: int
    stderr: Path
    metrics_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.stderr.read_text()


def _console_script() -> Path:
    script = Path(sys.executable).with_name("maturity-bot")
    assert script.exists(), f"install the project first (pip install -e .): no {script}"
    return script


def _wait_until_listening(process: subprocess.Popen[bytes], stderr: Path) -> int:
    """Poll the log for the line naming the port (serve binds port 0: no race for a free port)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        found = LISTENING.search(stderr.read_text())
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{stderr.read_text()}")
        time.sleep(0.02)
    pytest.fail(f"serve did not start within {STARTUP_SECONDS} s:\n{stderr.read_text()}")


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as standin:
        standin.add_user("U0LEAD", "lena", tz="UTC")
        yield standin


@pytest.fixture
def bot(tmp_path: Path, slack: SlackStandIn) -> Iterator[Bot]:
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    (frameworks / "broken.yaml").write_text(BROKEN_FRAMEWORK)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DATABASE_", "FRAMEWORKS_", "ADMIN_", "LOG_"))
    }
    env |= {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "FRAMEWORKS_DIR": str(frameworks),
        "METRICS_PORT": str(_free_port()),
    }
    stderr = tmp_path / "stderr.log"
    command = [str(_console_script()), "serve", "--http", "--host", "127.0.0.1", "--port", "0"]
    with stderr.open("wb") as sink:
        # cwd=tmp_path: no developer's .env is read
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=sink)
    try:
        yield Bot(process, _wait_until_listening(process, stderr), stderr, int(env["METRICS_PORT"]))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _request(url: str, body: bytes | None = None) -> tuple[int, str, str]:
    """GET (or, with a body, POST without any signature headers): status, type, text."""
    request = urllib.request.Request(url, body, {"Content-Type": FORM})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read().decode()


def _status_of_oversized_post(port: int) -> bytes:
    """Announce a body over the limit, send none of it, and read the status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
            + f"Content-Type: {FORM}\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
        )
        return connection.recv(4096).split(b"\r\n", 1)[0]


def test_serve_http_answers_slack_and_health_and_stops_on_sigterm(
    bot: Bot, slack: SlackStandIn
) -> None:
    status, content_type, body = _request(f"{bot.url}/healthz")
    assert (status, content_type, json.loads(body)) == (200, "application/json", {"status": "ok"})

    users = SlackRequests(f"{bot.url}/slack/events", SECRET, standin=slack)
    assert users.slash_command("U0LEAD", "help", bad_signature=True).status == 401
    malformed = "payload=x"  # Bolt alone answers 500 to this: it parses before verifying
    assert users.post(malformed, FORM, stale=True).status == 401
    unsigned = _request(f"{bot.url}/slack/events", malformed.encode())
    assert unsigned == (401, "application/json", '{"error": "invalid request signature"}')
    signed_malformed = users.post(malformed, FORM)
    assert (signed_malformed.status, signed_malformed.body) == (
        400,
        {"error": "malformed request body"},
    )
    assert _status_of_oversized_post(bot.port) == b"HTTP/1.1 413 Request Entity Too Large"

    help_answer = users.slash_command("U0LEAD", "help")
    assert help_answer.status == 200
    assert help_answer.body.get("response_type", "ephemeral") == "ephemeral"
    assert "`/maturity start" in help_answer.body["blocks"][-1]["text"]["text"]
    assert _request(f"{bot.url}/readyz")[0] == 200
    status, content_type, metrics = _request(f"{bot.url}/metrics")
    assert status == 200 and content_type.startswith("text/plain")
    # Only the signed command reached the app: what the WSGI layer refuses is not counted.
    assert 'maturity_slack_requests_total{surface="command"} 1.0' in metrics
    side = f"http://127.0.0.1:{bot.metrics_port}"
    assert _request(f"{side}/livez")[0] == 200 and "maturity_" in _request(f"{side}/metrics")[2]

    bot.process.send_signal(signal.SIGTERM)
    assert bot.process.wait(timeout=10) == 0
    log = bot.log()
    assert "Traceback" not in log and " ERROR " not in log, log
    assert "INFO bot.runtime.serve: stopped" in log
    # The broken custom framework is named at start, as `framework validate` shows it.
    assert re.search(
        r"WARNING bot\.wiring\.bootstrap: framework file not loaded: \S*broken\.yaml:\d+: ", log
    )
    assert slack.bot_token not in log and SECRET not in log
    # Bolt's "`token` will be unused" warning would only alarm operators: the client carries it.
    assert "will be unused" not in log, log
