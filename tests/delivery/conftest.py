"""Fixtures: an in-memory store, a fixed clock, the Slack stand-in and a synchronous courier."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.config.settings import Settings
from bot.delivery.courier import Courier
from bot.wiring.app import make_client
from devkit.standin import SlackStandIn
from questionnaire.registry import FrameworkRegistry
from tests.fakes import MemoryStore

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TEAM = "T0STANDIN"
PERSON = "U0DAN"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as standin:
        standin.add_user(PERSON, "dan", tz="UTC")
        yield standin


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def services(clock: FixedClock) -> Services:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test")  # type: ignore[call-arg]
    return Services(settings, MemoryStore().uow_factory(), clock, FrameworkRegistry())


@pytest.fixture
def courier(services: Services, slack: SlackStandIn) -> Courier:
    client = make_client(slack.bot_token, slack.base_url)
    return Courier(services, client, synchronous=True)
