"""What the fake repositories share: workspace-scoped lookups, the audit trail and pruning."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from questionnaire.domain import Assessment, HistoryEntry
from storage import mapping as m

if TYPE_CHECKING:
    from .store import MemoryStore, Tables


class MemoryRepository:
    """Base of the fake repositories: the store's tables, read within the caller's workspace."""

    def __init__(self, store: MemoryStore) -> None:
        self.s = store

    @property
    def t(self) -> Tables:
        return self.s.tables

    def owned(self, team_id: str, assessment_id: int) -> Assessment | None:
        found = self.t.assessments.get(assessment_id)
        return found if found is not None and found.team_id == team_id else None

    def require(self, team_id: str, assessment_id: int) -> Assessment:
        found = self.owned(team_id, assessment_id)
        if found is None:
            raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")
        return found

    def audit(self, team_id: str, *entries: HistoryEntry) -> None:
        self.t.history.extend((team_id, replace(e, at=m.utc(e.at))) for e in entries)


def drop_older(rows: dict[Any, datetime], before: datetime) -> int:
    """Delete the rows stamped before `before`; how many (the retention of claims and events)."""
    old = [key for key, at in rows.items() if at < before]
    for key in old:
        del rows[key]
    return len(old)
