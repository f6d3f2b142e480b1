"""Sweep ticks (twin of storage's ticks.py)."""

from __future__ import annotations

from datetime import datetime

from storage import mapping as m

from ._common import MemoryRepository, drop_older


class FakeTickRepository(MemoryRepository):
    def take(self, team_id: str, job: str, tick: str, by: str, at: datetime) -> bool:
        if (team_id, job, tick) in self.t.ticks:
            return False
        self.t.ticks[(team_id, job, tick)] = m.utc(at)
        return True

    def prune(self, before: datetime) -> int:
        return drop_older(self.t.ticks, before)
