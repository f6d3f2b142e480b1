"""Where each person is in an assessment's conversation."""

from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from questionnaire.domain import Position

from ..mapping import position_from_record
from ..records import AssessmentRecord, PositionRecord
from ._common import affected_rows, upsert


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
        source = select(
            AssessmentRecord.team_id,
            AssessmentRecord.id,
            literal(position.user_id, PositionRecord.user_id.type),
            literal(position.item_id, PositionRecord.item_id.type),
            literal(position.page, PositionRecord.page.type),
            literal(position.channel_id, PositionRecord.channel_id.type),
            literal(position.message_ts, PositionRecord.message_ts.type),
        ).where(AssessmentRecord.team_id == team_id, AssessmentRecord.id == position.assessment_id)
        columns = ["team_id", "assessment_id", "user_id", "item_id", "page", "channel_id"]
        statement = upsert(self._session, PositionRecord).from_select(
            [*columns, "message_ts"], source
        )
        statement = statement.on_conflict_do_update(
            index_elements=["assessment_id", "user_id"],
            set_={
                name: statement.excluded[name]
                for name in ("item_id", "page", "channel_id", "message_ts")
            },
        )
        if affected_rows(self._session, statement) == 0:
            raise KeyError(f"no assessment {position.assessment_id} in workspace {team_id}")

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
