"""Processed Slack event ids, so retried deliveries are handled once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..mapping import utc
from ..records import ProcessedEventRecord
from ._common import affected_rows, upsert


class SqlEventRepository:
    """EventRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def first_time(self, team_id: str, event_id: str, at: datetime) -> bool:
        """Record a processed Slack event id; False when it was already recorded (a retry)."""
        statement = (
            upsert(self._session, ProcessedEventRecord)
            .values(team_id=team_id, event_id=event_id, processed_at=utc(at))
            .on_conflict_do_nothing(index_elements=["team_id", "event_id"])
        )
        return affected_rows(self._session, statement) == 1

    def prune(self, before: datetime) -> int:
        """Forget event ids processed before `before` in every workspace; returns how many."""
        statement = delete(ProcessedEventRecord).where(
            ProcessedEventRecord.processed_at < utc(before)
        )
        return affected_rows(self._session, statement)
