"""Where each person is in an assessment's conversation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.domain import Position

from ..mapping import position_from_record
from ..records import PositionRecord
from ._common import upsert_for_assessment


class SqlPositionRepository:
    """PositionRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, team_id: str, assessment_id: int, user_id: str) -> Position | None:
        """Where this person is in this assessment, or None."""
        record = self._session.scalar(
            select(PositionRecord)
            .where(
                PositionRecord.team_id == team_id,
                PositionRecord.assessment_id == assessment_id,
                PositionRecord.user_id == user_id,
            )
            .execution_options(populate_existing=True)
        )
        return None if record is None else position_from_record(record)

    def save(self, team_id: str, position: Position) -> None:
        """Insert or replace the position of (assessment, user); KeyError if not in the team."""
        # INSERT .. SELECT from the team's assessment: one statement, and nothing for a foreign id.
        values = {
            "user_id": position.user_id,
            "item_id": position.item_id,
            "page": position.page,
            "channel_id": position.channel_id,
            "message_ts": position.message_ts,
        }
        upsert_for_assessment(
            self._session,
            PositionRecord,
            team_id,
            position.assessment_id,
            values,
            ["assessment_id", "user_id"],
            ["item_id", "page", "channel_id", "message_ts"],
        )

    def by_message(self, team_id: str, channel_id: str, message_ts: str) -> Position | None:
        """The position whose question message is this one (for thread replies)."""
        record = self._session.scalar(
            select(PositionRecord)
            .where(
                PositionRecord.team_id == team_id,
                PositionRecord.channel_id == channel_id,
                PositionRecord.message_ts == message_ts,
            )
            .order_by(PositionRecord.assessment_id.desc())
            .limit(1)
            .execution_options(populate_existing=True)
        )
        return None if record is None else position_from_record(record)
