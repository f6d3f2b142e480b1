"""Fixtures: a running Slack stand-in with a small workspace, and a real WebClient on it."""

import threading
import time
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from devkit.standin import SlackStandIn


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Every server a test starts must be stopped (and its threads gone) when it ends."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2
    while True:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert leaked == []


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    """A started stand-in: alice and bob, #general (bot in it), #random (bot not in it)."""
    with SlackStandIn() as server:
        server.add_user("U0ALICE", "alice", real_name="Alice Liddell", tz="Asia/Shanghai")
        server.add_user("U0BOB", "bob", tz="America/New_York", locale="fr-FR")
        server.add_user("U0GONE", "gone", deleted=True)
        server.add_channel("C0GENERAL", "general", members=["U0ALICE", "U0BOB"])
        server.add_channel("C0RANDOM", "random", members=["U0ALICE"], bot_member=False)
        server.add_channel("C0SECRET", "secret", is_private=True, bot_member=False)
        server.add_channel("C0OLD", "old", is_archived=True)
        yield server


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    """A real slack_sdk WebClient pointed at the stand-in."""
    return WebClient(token=standin.bot_token, base_url=standin.base_url)
