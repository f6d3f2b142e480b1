"""Processed Slack event ids (twin of storage's events.py)."""

from __future__ import annotations

from datetime import datetime

from storage import mapping as m

from ._common import MemoryRepository, drop_older


class FakeEventRepository(MemoryRepository):
    def first_time(self, team_id: str, event_id: str, at: datetime) -> bool:
        if (team_id, event_id) in self.t.events:
            return False
        self.t.events[(team_id, event_id)] = m.utc(at)
        return True

    def prune(self, before: datetime) -> int:
        return drop_older(self.t.events, before)
