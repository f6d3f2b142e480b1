"""The WSGI layer of HTTP mode: size, signature and parse checks before Bolt; /healthz and its
database check on real databases."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.config.settings import load_settings
from bot.runtime.health import HEALTH_CONNECT_TIMEOUT_SECONDS, Health, database_health
from bot.runtime.http_server import Wsgi, make_wsgi
from devkit.demo.harness import SIGNING_SECRET, Harness, start

FORM, JSON = "application/x-www-form-urlencoded", "application/json"
DOWN = Health(ok=False, reason="database unreachable")
PASSWORD = "health-pass-word"  # a local test value, not a credential
COMMAND = "command=%2Fmaturity&text=help&team_id=T0STANDIN&user_id=U0LEAD&channel_id=D0LEAD"


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    database = tmp_path_factory.mktemp("wsgi") / "bot.sqlite3"
    with start(f"sqlite:///{database}", datetime(2026, 11, 23, 9, tzinfo=UTC)) as h:
        h.slack.add_user("U0LEAD", "lena", tz="UTC")
        yield h


@pytest.fixture
def wsgi(harness: Harness) -> Wsgi:
    return make_wsgi(harness.app, SIGNING_SECRET)


class _Unreadable(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


def call(
    wsgi: Wsgi,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    method: str = "POST",
    path: str = "/slack/events",
    content_type: str = FORM,
    content_length: str | None = None,
    stream: Any = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request through the WSGI callable, as a server would make it."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)) if content_length is None else content_length,
        "wsgi.input": stream or io.BytesIO(body),
    }
    environ |= {"HTTP_" + k.upper().replace("-", "_"): v for k, v in (headers or {}).items()}
    started: list[Any] = []
    out = b"".join(wsgi(environ, lambda status, hdrs: started.extend([status, dict(hdrs)])))
    return int(started[0].split()[0]), {k.lower(): v for k, v in started[1].items()}, out


def signed(body: str | bytes, *, secret: str = SIGNING_SECRET, age: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature or ""}


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_signed_slash_command_reaches_bolt(wsgi: Wsgi) -> None:
    status, headers, body = call(wsgi, COMMAND.encode(), signed(COMMAND))
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert "`/maturity start" in json.loads(body)["blocks"][-1]["text"]["text"]


MALFORMED = b"payload=x"  # Bolt alone answers 500 to this: it parses the body before verifying


@pytest.mark.parametrize(
    ("body", "make_headers"),
    [
        pytest.param(MALFORMED, dict, id="no signature headers"),
        pytest.param(
            MALFORMED, lambda: signed(MALFORMED, secret="not-the-secret"), id="wrong secret"
        ),
        pytest.param(MALFORMED, lambda: signed(MALFORMED, age=6 * 60), id="stale timestamp"),
        pytest.param(
            MALFORMED, lambda: signed(MALFORMED, age=-6 * 60), id="timestamp in the future"
        ),
        pytest.param(
            MALFORMED,
            lambda: {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"},
            id="timestamp not a number",
        ),
        pytest.param(
            COMMAND.encode(), lambda: signed(COMMAND + "&x=1"), id="signature of another body"
        ),
    ],
)
def test_requests_without_a_valid_signature_get_401_before_bolt(
    wsgi: Wsgi,
    harness: Harness,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    make_headers: Callable[[], dict[str, str]],
) -> None:
    # Headers are made when the test runs: a timestamp taken at collection would drift.
    harness.slack.clear()
    status, _, answer = call(wsgi, body, make_headers())
    assert (status, json.loads(answer)) == (401, {"error": "invalid request signature"})
    assert errors_logged(caplog) == []
    assert any("invalid signature" in r.getMessage() for r in caplog.records)
    assert harness.slack.calls() == []


def test_a_signature_over_a_body_that_is_not_utf8_gets_401(wsgi: Wsgi) -> None:
    body = b"payload=\xff"
    timestamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}
    assert call(wsgi, body, headers)[0] == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("payload=x", FORM),
        ("payload=%5B1%5D", FORM),
        ("{", JSON),
        ("[1, 2]", JSON),
    ],
)
def test_signed_but_malformed_bodies_get_400_without_a_traceback(
    wsgi: Wsgi, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    status, _, answer = call(wsgi, body.encode(), signed(body), content_type=content_type)
    assert (status, json.loads(answer)) == (400, {"error": "malformed request body"})
    assert errors_logged(caplog) == []
    assert any("cannot parse its body" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("command=%2Fmaturity&text=help&user_id=U0LEAD", FORM),
        ('{"type": "event_callback", "event": {"type": "message"}}', JSON),
        (
            'payload={"type": "block_actions", "user": {"id": "U0LEAD"}, "actions": [{"action_id": "continue", "value": "{}"}]}',
            FORM,
        ),
    ],
)
def test_signed_requests_without_a_workspace_get_400_before_any_listener(
    wsgi: Wsgi, harness: Harness, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    """Everything is scoped by workspace: a request naming none reaches no listener."""
    harness.slack.clear()
    status, _, _ = call(wsgi, body.encode(), signed(body), content_type=content_type)
    assert status == 400
    assert errors_logged(caplog) == []
    assert any("no workspace id" in r.getMessage() for r in caplog.records)
    assert harness.slack.calls() == []


def test_a_body_over_the_limit_gets_413_unread(harness: Harness) -> None:
    wsgi = make_wsgi(harness.app, SIGNING_SECRET, max_body=64)
    status, _, answer = call(wsgi, content_length="65", stream=_Unreadable())
    assert (status, json.loads(answer)) == (413, {"error": "request body larger than 64 bytes"})
    at_limit = b"payload=" + b"x" * 56
    assert call(wsgi, at_limit, signed(at_limit))[0] == 400  # read, verified, then not parseable


@pytest.mark.parametrize("length", ["ten", "-1"])
def test_a_broken_content_length_gets_400_unread(wsgi: Wsgi, length: str) -> None:
    status, _, answer = call(wsgi, content_length=length, stream=_Unreadable())
    assert (status, json.loads(answer)) == (400, {"error": "invalid Content-Length"})


def test_healthz_answers_200_while_healthy_and_503_with_the_reason_when_not(
    harness: Harness,
) -> None:
    healthy = make_wsgi(harness.app, SIGNING_SECRET)
    status, headers, body = call(healthy, method="GET", path="/healthz")
    assert (status, headers["content-type"], json.loads(body)) == (
        200,
        "application/json",
        {"status": "ok"},
    )

    failing = make_wsgi(harness.app, SIGNING_SECRET, health=lambda: DOWN)
    status, _, body = call(failing, method="GET", path="/healthz")
    assert (status, json.loads(body)) == (
        503,
        {"status": "unavailable", "reason": "database unreachable"},
    )
    assert call(failing, method="HEAD", path="/healthz")[::2] == (503, b"")
    assert call(healthy, method="HEAD", path="/healthz")[::2] == (200, b"")


@pytest.mark.parametrize(("method", "path"), [("GET", "/"), ("GET", "/slack/events")])
def test_other_paths_get_404(wsgi: Wsgi, method: str, path: str) -> None:
    assert call(wsgi, method=method, path=path)[0] == 404


def test_a_database_that_goes_and_comes_back_is_logged_once_each_way(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "not-yet"  # SQLite cannot open a file in a folder that does not exist
    probe = database_health(load_settings(database_url=f"sqlite:///{folder / 'bot.sqlite3'}"))
    with caplog.at_level(logging.INFO, logger="bot.runtime.health"):
        assert [probe(), probe()] == [DOWN, DOWN]
        folder.mkdir()
        assert [probe(), probe()] == [Health(ok=True), Health(ok=True)]
    logged = [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "bot.runtime.health"
    ]
    assert [level for level, _ in logged] == ["WARNING", "INFO"]
    assert "unable to open database file" in logged[0][1]


def test_healthz_with_an_unreachable_postgres_answers_503_quickly_and_names_no_secret(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql://maturity:{PASSWORD}@127.0.0.1:1/maturity"  # nothing listens on port 1
    probe = database_health(load_settings(database_url=url))
    wsgi = make_wsgi(harness.app, SIGNING_SECRET, health=probe)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.runtime.health"):
        status, _, body = call(wsgi, method="GET", path="/healthz")
    assert time.monotonic() - started < HEALTH_CONNECT_TIMEOUT_SECONDS
    assert (status, json.loads(body)) == (503, {"status": "unavailable", "reason": DOWN.reason})
    assert "127.0.0.1:1/maturity" in caplog.text  # the operator learns where from the log
    assert PASSWORD not in caplog.text and PASSWORD not in body.decode()
