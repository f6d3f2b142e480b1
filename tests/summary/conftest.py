"""Fixtures: an in-memory store seeded with assessments, the Slack stand-in, and services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.config.settings import Settings
from devkit.standin import SlackStandIn
from questionnaire.domain import Answer, Assessment, Evidence, EvidenceKind
from questionnaire.registry import FrameworkRegistry
from tests.fakes import MemoryStore

from .helpers import CAICT, PEOPLE, START, assessment, framework

LEAD = "U0LEAD"
CHANNEL = "C0MATURITY"
Seed = Callable[..., Assessment]


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START + timedelta(days=1))


@pytest.fixture
def services(store: MemoryStore, clock: FixedClock) -> Services:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test")  # type: ignore[call-arg]
    return Services(settings, store.uow_factory(), clock, FrameworkRegistry())


@pytest.fixture
def seed(store: MemoryStore) -> Seed:
    """Store an assessment of a bundled framework (CAICT unless `framework_id` names another)
    with answers (by the first person)."""

    def make(
        answers: dict[str, Answer] | None = None, framework_id: str = CAICT, **changes: object
    ) -> Assessment:
        fw = framework(framework_id)
        with store.uow_factory()() as uow:
            uow.frameworks.save(fw)
            added = uow.assessments.add(replace(assessment(fw, **changes), id=None))
            assert added.id is not None
            for i, (rid, answer) in enumerate((answers or {}).items()):
                who = PEOPLE[i % len(PEOPLE)]
                at = START + timedelta(minutes=i + 1)
                uow.answers.record(added.team_id, added.id, rid, answer, who, at)
                if fw.locate(rid).requirement.evidence.required:
                    proof = Evidence(
                        added.id, rid, EvidenceKind.LINK, who, at, url="https://x.example/p"
                    )
                    uow.evidence.add(added.team_id, proof)
            uow.commit()
        return added

    return make


@contextmanager
def workspace(**options: Any) -> Iterator[SlackStandIn]:
    """A started stand-in with the assessment's people and channel (the bot is a member)."""
    with SlackStandIn(**options) as server:
        for user in (LEAD, *PEOPLE):
            server.add_user(user, user.lower(), real_name=f"Person {user[2:]}", tz="Europe/Berlin")
        server.add_channel(CHANNEL, "maturity", members=[LEAD])
        yield server


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with workspace() as server:
        yield server


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    return WebClient(token=standin.bot_token, base_url=standin.base_url)
