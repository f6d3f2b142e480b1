"""A listener called as Bolt calls it, without Bolt: the services in a BoltContext (as the app's
first middleware puts them), the in-memory store, a fixed clock, a recording ack and client."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from slack_bolt import BoltContext

from bot.config.services import Services
from bot.config.settings import Settings
from bot.listeners.context import DIRECTORY, SERVICES
from bot.slack.directory import Directory
from bot.slack.workspaces import SingleToken
from questionnaire.outbox import Handover, handing_over
from questionnaire.registry import FrameworkRegistry
from tests.storage.helpers import TEAM_A
from tests.usecases.world import ADMINS, World, make_world

from .fakes import FakeAck, FakeClient, Log


class CountingCourier:
    """The courier as a listener sees it: how often it said something was queued for the loop
    (`kicks`), and the keys of what it delivered itself (`handed`)."""

    pace = timedelta(0)

    def __init__(self) -> None:
        self.kicks = 0
        self.handed: list[str] = []

    def kick(self) -> None:
        self.kicks += 1

    def handing_over(self) -> AbstractContextManager[Handover | None]:
        return handing_over(timedelta(minutes=2))

    def deliver_handed(self, handover: Handover | None, seen: object = None) -> int:
        envelopes = handover.envelopes if handover is not None else []
        self.handed += [envelope.key for envelope in envelopes]
        return len(envelopes)


@dataclass
class Call:
    """What a test hands a listener, and reads back afterwards."""

    world: World
    services: Services
    courier: CountingCourier
    log: Log
    ack: FakeAck
    client: FakeClient
    context: BoltContext


@pytest.fixture
def call() -> Call:
    world = make_world()
    courier = CountingCourier()
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test")  # type: ignore[call-arg]
    services = Services(
        settings, world.uow, world.clock, FrameworkRegistry(), ADMINS, courier=courier
    )
    log = Log()
    client = FakeClient(log)
    directory = Directory(SingleToken(client), world.uow, world.clock)  # type: ignore[arg-type]
    # As Bolt reads the body, with the app's people directory.
    context = BoltContext({SERVICES: services, DIRECTORY: directory, "team_id": TEAM_A})
    return Call(world, services, courier, log, FakeAck(log), client, context)
