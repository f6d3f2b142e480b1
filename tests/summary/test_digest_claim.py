"""Two `serve` processes ticking at the same moment queue each weekly digest once (SQLite and
PostgreSQL), and each digest covers only the time since the previous one."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.config.settings import Settings
from bot.delivery.courier import Courier
from bot.slack.directory import Directory
from devkit.standin import SlackStandIn
from questionnaire.domain import Answer
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.digest import queue_weekly_digests
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.storage.conftest import postgres_server  # noqa: F401 (a fixture)

from .conftest import CHANNEL
from .helpers import START, assessment, framework, staircase

PROCESSES = 2


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite file, or a migrated PostgreSQL schema of its own (dropped after)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bot.db'}"
        upgrade(url)
        yield url
        return
    server = request.getfixturevalue("postgres_server")
    schema = f"mb_digest_{secrets.token_hex(4)}"
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        upgrade(rendered)
        yield rendered
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def processes(database_url: str) -> Iterator[list[Services]]:
    """One Services per "process": its own engine and connection pool on the same database, and
    one clock for all."""
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test")  # type: ignore[call-arg]
    engines = [make_engine(database_url) for _ in range(PROCESSES)]
    clock = FixedClock(START)
    yield [
        Services(settings, make_uow_factory(engine), clock, FrameworkRegistry())
        for engine in engines
    ]
    for engine in engines:
        engine.dispose()


def _client(standin: SlackStandIn) -> WebClient:
    return WebClient(token=standin.bot_token, base_url=standin.base_url)


def _tick_together(processes: list[Services], standin: SlackStandIn, now: datetime) -> int:
    """Every process's digest tick at `now`, at once; then one courier delivers what they queued."""
    assert isinstance(processes[0].clock, FixedClock)
    processes[0].clock.set(now)
    barrier = threading.Barrier(len(processes))

    def tick(services: Services) -> int:
        directory = Directory(_client(standin), services.uow, services.clock)
        barrier.wait()
        return queue_weekly_digests(services.uow, services.clock, directory)

    with ThreadPoolExecutor(len(processes)) as pool:
        queued = sum(pool.map(tick, processes))
    Courier(processes[1], _client(standin), synchronous=True).drain()
    return queued


def test_two_processes_post_each_weeks_digest_once(
    processes: list[Services], standin: SlackStandIn
) -> None:
    fw = framework()
    answers = list(staircase(fw, 1).items())
    with processes[0].uow() as uow:
        uow.frameworks.save(fw)
        a = uow.assessments.add(replace(assessment(fw), id=None))
        assert a.id is not None
        for rid, value in answers[:20]:
            uow.answers.record(a.team_id, a.id, rid, value, "U0PO", START + timedelta(hours=1))
        uow.commit()
    monday = START + timedelta(days=7)  # 09:00 in Berlin is 08:00 UTC
    assert _tick_together(processes, standin, monday) == 1
    assert _tick_together(processes, standin, monday + timedelta(minutes=1)) == 0

    with processes[1].uow() as uow:  # three more during the second week
        for rid, value in answers[20:23]:
            uow.answers.record(a.team_id, a.id, rid, value, "U0PM", monday + timedelta(days=2))
        changed_at = monday + timedelta(hours=1)
        uow.answers.record(a.team_id, a.id, answers[0][0], Answer.NOT_MET, "U0PO", changed_at)
        uow.commit()
    assert _tick_together(processes, standin, monday + timedelta(days=7)) == 1

    first, second = standin.messages(CHANNEL)
    assert "*20* questions answered: <@U0PO> 20" in _text(first)
    assert "*3* questions answered: <@U0PM> 3" in _text(second)
    assert "1 answer changed" in _text(second)


def _text(message) -> str:
    return "\n".join(b.get("text", {}).get("text", "") for b in message.blocks)
