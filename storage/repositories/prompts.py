"""Bot messages that asked for evidence, so a thread reply can be attached to its requirement."""

from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from ..records import AssessmentRecord, EvidencePromptRecord
from ._common import affected_rows, upsert

Prompt = EvidencePromptRecord


class SqlPromptRepository:
    """PromptRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def save(
        self,
        team_id: str,
        channel_id: str,
        message_ts: str,
        assessment_id: int,
        requirement_id: str,
    ) -> None:
        """Remember (or replace) the prompt at this message; KeyError if not in the team."""
        source = select(
            AssessmentRecord.team_id,
            literal(channel_id, Prompt.channel_id.type),
            literal(message_ts, Prompt.message_ts.type),
            AssessmentRecord.id,
            literal(requirement_id, Prompt.requirement_id.type),
        ).where(AssessmentRecord.team_id == team_id, AssessmentRecord.id == assessment_id)
        columns = ["team_id", "channel_id", "message_ts", "assessment_id", "requirement_id"]
        statement = upsert(self._session, Prompt).from_select(columns, source)
        statement = statement.on_conflict_do_update(
            index_elements=["team_id", "channel_id", "message_ts"],
            set_={
                "assessment_id": statement.excluded.assessment_id,
                "requirement_id": statement.excluded.requirement_id,
            },
        )
        if affected_rows(self._session, statement) == 0:
            raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")

    def find(self, team_id: str, channel_id: str, message_ts: str) -> tuple[int, str] | None:
        """(assessment id, requirement id) of the evidence prompt at this message, if any."""
        row = self._session.execute(
            select(Prompt.assessment_id, Prompt.requirement_id).where(
                Prompt.team_id == team_id,
                Prompt.channel_id == channel_id,
                Prompt.message_ts == message_ts,
            )
        ).first()
        return None if row is None else (row.assessment_id, row.requirement_id)
