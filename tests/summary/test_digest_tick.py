"""The scheduler's minute tick for weekly digests reads the database in a constant number of
statements, however many active assessments a workspace has (SQLite, real storage)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.config.settings import Settings
from bot.slack.directory import Directory
from devkit.standin import SlackStandIn
from questionnaire.outbox import WeeklyDigest
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.digest import queue_weekly_digests
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.storage.test_statements import count_statements

from .helpers import START, assessment, framework

THURSDAY_NOON = START + timedelta(days=3, hours=3)  # no digest slot is fresh in any time zone
NEXT_MONDAY = START + timedelta(days=7)  # 09:00 in Berlin: every digest is due


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _services(engine: Engine) -> Services:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test")  # type: ignore[call-arg]
    return Services(settings, make_uow_factory(engine), FixedClock(START), FrameworkRegistry())


def _add_assessments(services: Services, count: int, *, sent_at: datetime | None = None) -> None:
    """`count` more active assessments in one workspace; with `sent_at`, each one's digest of
    that week is already queued."""
    fw = framework()
    with services.uow() as uow:
        uow.frameworks.save(fw)
        for _ in range(count):
            added = uow.assessments.add(replace(assessment(fw), id=None))
            if sent_at is not None:
                assert added.id is not None
                digest = WeeklyDigest(added.id, START, sent_at, True, 60, "Europe/Berlin")
                uow.outbox.add(added.team_id, f"digest:{added.id}#week:x", digest, sent_at)
        uow.commit()


def _tick_statements(services: Services, engine: Engine, client: WebClient, now: datetime) -> int:
    directory = Directory(client, services.uow, services.clock)
    with count_statements(engine) as seen:
        assert queue_weekly_digests(services.uow, FixedClock(now), directory) == 0
    return len(seen)


def test_a_minute_with_nothing_due_costs_the_same_whatever_the_number_of_assessments(
    engine: Engine, client: WebClient, standin: SlackStandIn
) -> None:
    services = _services(engine)
    _add_assessments(services, 1)
    one = _tick_statements(services, engine, client, THURSDAY_NOON)
    _add_assessments(services, 30)
    assert _tick_statements(services, engine, client, THURSDAY_NOON) == one <= 4
    assert standin.calls("users.info") == []  # nor is any lead's time zone asked for


def test_digests_sent_this_week_are_found_with_one_bulk_read(
    engine: Engine, client: WebClient, standin: SlackStandIn
) -> None:
    services = _services(engine)
    _add_assessments(services, 1, sent_at=NEXT_MONDAY - timedelta(hours=1))
    one = _tick_statements(services, engine, client, NEXT_MONDAY)
    _add_assessments(services, 30, sent_at=NEXT_MONDAY - timedelta(hours=1))
    assert _tick_statements(services, engine, client, NEXT_MONDAY) == one <= 5
    assert standin.calls("users.info") == [] and standin.messages() == []
