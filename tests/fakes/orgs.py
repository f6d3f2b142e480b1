"""Workspaces' organisations (twin of storage's orgs.py)."""

from __future__ import annotations

from datetime import datetime

from ._common import MemoryRepository


class FakeOrgRepository(MemoryRepository):
    def remember(self, team_id: str, enterprise_id: str, at: datetime) -> None:
        self.t.orgs[team_id] = enterprise_id

    def org_of(self, team_id: str) -> str | None:
        return self.t.orgs.get(team_id)
