"""GET /metrics moves with the traffic; /livez answers without the database, /readyz needs it
reachable and migrated (as /healthz, which only needs it reachable)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.config.settings import load_settings
from bot.runtime.health import database_health
from bot.runtime.http_server import make_wsgi, probes_wsgi
from bot.runtime.metrics import Metrics
from bot.runtime.scheduler import reminder_tick
from bot.slack.workspaces import SingleToken
from devkit.demo.harness import SIGNING_SECRET, start
from storage.uow import SqlUnitOfWork
from tests.bot.test_serve_wsgi import COMMAND, call, signed


def _series(text: str) -> dict[str, float]:
    found = re.findall(r"^(\w+(?:\{[^}]*\})?) (\S+)$", text, re.MULTILINE)
    return {name: float(value) for name, value in found}


def test_metrics_count_requests_acks_slack_calls_and_429s(tmp_path: Path) -> None:
    metrics = Metrics()
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    with start(url, datetime(2026, 11, 23, 9, tzinfo=UTC), observer=metrics) as h:
        h.slack.add_user("U0LEAD", "lena", tz="UTC")
        metrics.watch_outbox(h.services.uow, h.clock)
        wsgi = make_wsgi(h.app, SIGNING_SECRET, metrics=metrics.exposition)
        for _ in range(2):
            assert call(wsgi, COMMAND.encode(), signed(COMMAND))[0] == 200
        h.slack.rate_limit("users.info", retry_after=0)
        h.app.client.users_info(user="U0LEAD")  # refused once, then answered
        reminder_tick(h.services, h.courier, SingleToken(h.app.client))
        with h.services.uow() as uow, pytest.raises(OperationalError):
            assert isinstance(uow, SqlUnitOfWork)
            uow.session.execute(text("SELECT * FROM no_such_table"))
        status, headers, body = call(wsgi, method="GET", path="/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    series = _series(body.decode())
    assert series['maturity_slack_requests_total{surface="command"}'] == 2
    assert series['maturity_slack_acks_total{surface="command"}'] == 2
    assert series['maturity_slack_ack_seconds_count{surface="command"}'] == 2
    assert series['maturity_slack_api_calls_total{method="users.info"}'] == 2
    assert series['maturity_slack_api_rate_limited_total{method="users.info"}'] == 1
    assert series["maturity_outbox_pending"] == 0
    assert series["maturity_reminder_sweep_seconds_count"] == 1
    assert series["maturity_reminders_sent_total"] == 0  # nobody has work yet
    assert series["maturity_database_errors_total"] == 1


def test_livez_answers_while_the_database_is_down_and_readyz_does_not(tmp_path: Path) -> None:
    missing = load_settings(database_url=f"sqlite:///{tmp_path / 'not-yet' / 'bot.sqlite3'}")
    wsgi = probes_wsgi(database_health(missing), database_health(missing, migrated=True))
    assert call(wsgi, method="GET", path="/livez")[0] == 200
    for path in ("/healthz", "/readyz"):
        status, _, body = call(wsgi, method="GET", path=path)
        assert (status, json.loads(body)["reason"]) == (503, "database unreachable")
    assert call(wsgi, method="GET", path="/metrics")[0] == 404  # none given


def test_readyz_needs_a_migrated_database(tmp_path: Path) -> None:
    empty = load_settings(database_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    wsgi = probes_wsgi(database_health(empty), database_health(empty, migrated=True))
    assert call(wsgi, method="GET", path="/healthz")[0] == 200
    status, _, body = call(wsgi, method="GET", path="/readyz")
    assert (status, json.loads(body)["reason"]) == (503, "database not migrated")
