"""Which process runs a workspace's job in a tick: the first to insert its `sweep_ticks` row.

Every `serve` process ticks; a workspace's reminder sweep, its weekly digests and the daily
prune each run in one of them per tick, so N processes split the workspaces between them. A
process that dies after taking a tick leaves that workspace to the next tick (a reminder slot
stays fresh for a while; claims still make every reminder go out once)."""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Sequence
from datetime import datetime

from bot.config.services import Services

PROCESS = f"{socket.gethostname()}:{os.getpid()}"  # who took a tick, for whoever looks
EVERY_WORKSPACE = "*"  # the prune's row: it deletes in every workspace at once


def tick_of(now: datetime, seconds: int) -> str:
    """The tick `now` falls in, ticks being `seconds` long from the epoch (UTC)."""
    start = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(start, now.tzinfo).strftime("%Y-%m-%dT%H:%M:%S")


def take(services: Services, team_id: str, job: str, tick: str) -> bool:
    """Take the workspace's job for the tick; True when this process is the one to run it."""
    with services.uow() as uow:
        won = uow.ticks.take(team_id, job, tick, PROCESS, services.clock.now())
        uow.commit()
    return won


def shuffled(teams: Sequence[str]) -> list[str]:
    """The workspaces in an order of this tick's own, so processes ticking at once take turns
    rather than queue behind each other on the same first workspace."""
    return random.sample(list(teams), len(teams))
