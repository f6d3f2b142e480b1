"""Display names the bot saw (twin of storage's people.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ._common import MemoryRepository


class FakePeopleRepository(MemoryRepository):
    def remember(self, team_id: str, names: Mapping[str, str], at: datetime) -> None:
        for user_id, name in names.items():
            self.t.people[(team_id, user_id)] = name[:255]

    def names(self, team_id: str) -> dict[str, str]:
        return {user: name for (team, user), name in self.t.people.items() if team == team_id}
