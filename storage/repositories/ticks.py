"""Sweep ticks: which process runs a workspace's job (reminders, digests, prune) in a tick."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..mapping import utc
from ..records import SweepTickRecord
from ._common import affected_rows, upsert


class SqlTickRepository:
    """TickRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def take(self, team_id: str, job: str, tick: str, by: str, at: datetime) -> bool:
        """Take the workspace's job for this tick; True only for the first process to ask.

        The primary key decides, as for reminder claims: a racing INSERT waits for the other
        transaction and then does nothing (PostgreSQL), or runs after it (SQLite)."""
        statement = (
            upsert(self._session, SweepTickRecord)
            .values(team_id=team_id, job=job, tick=tick, claimed_by=by, claimed_at=utc(at))
            .on_conflict_do_nothing(index_elements=["team_id", "job", "tick"])
        )
        return affected_rows(self._session, statement) == 1

    def prune(self, before: datetime) -> int:
        """Delete ticks taken before `before`, in every workspace; returns how many."""
        old = delete(SweepTickRecord).where(SweepTickRecord.claimed_at < utc(before))
        return affected_rows(self._session, old)
