"""A listener called as Bolt calls it, without Bolt: the services in a BoltContext (as the app's
first middleware puts them), the in-memory store, a fixed clock, a recording ack and client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from slack_bolt import BoltContext

from bot.config.services import Services
from bot.config.settings import Settings
from bot.listeners.context import DIRECTORY, SERVICES
from bot.slack.directory import Directory
from bot.slack.workspaces import SingleToken
from questionnaire.registry import FrameworkRegistry
from tests.storage.helpers import TEAM_A
from tests.usecases.world import ADMINS, World, make_world

from .fakes import FakeAck, FakeClient, Log


class CountingCourier:
    """The courier's one method: how often the listener said something was queued."""

    pace = timedelta(0)

    def __init__(self) -> None:
        self.kicks = 0

    def kick(self) -> None:
        self.kicks += 1


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
