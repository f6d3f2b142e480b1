"""Admins per workspace (twin of storage's admins.py)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from questionnaire.domain import WorkspaceAdmin
from storage import mapping as m

from ._common import MemoryRepository


class FakeAdminRepository(MemoryRepository):
    def list(self, team_id: str) -> builtins.list[WorkspaceAdmin]:
        listed = [a for (team, _), a in self.t.admins.items() if team == team_id]
        return sorted(listed, key=lambda a: (a.added_at, a.user_id))

    def add(self, team_id: str, user_ids: Sequence[str], actor: str, at: datetime) -> int:
        new = [u for u in set(user_ids) if (team_id, u) not in self.t.admins]
        for user_id in new:
            self.t.admins[(team_id, user_id)] = WorkspaceAdmin(user_id, actor, m.utc(at))
        return len(new)

    def remove(self, team_id: str, user_ids: Sequence[str]) -> int:
        return sum(self.t.admins.pop((team_id, u), None) is not None for u in set(user_ids))
