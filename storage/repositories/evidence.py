"""Evidence attached to requirements, and its review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Executable, bindparam, select
from sqlalchemy.orm import Session

from questionnaire.domain import Evidence, HistoryEntry, HistorySubject, ReviewState

from ..mapping import evidence_from_record, evidence_json, evidence_record, review_json
from ..records import EvidenceRecord
from ._common import require_assessment, write_history
from ._prepared import prepared


def _for_requirements_statement() -> Executable:
    """`for_requirements`' query (parameters team, aid and the list ids), built once."""
    return (
        select(EvidenceRecord)
        .where(
            EvidenceRecord.team_id == bindparam("team"),
            EvidenceRecord.assessment_id == bindparam("aid"),
            EvidenceRecord.requirement_id.in_(bindparam("ids", expanding=True)),
        )
        .order_by(EvidenceRecord.id)
    )


class SqlEvidenceRepository:
    """EvidenceRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, team_id: str, evidence: Evidence) -> Evidence:
        """Insert with a history row; returns a copy with its id. KeyError if not in the team."""
        require_assessment(self._session, team_id, evidence.assessment_id)
        record = evidence_record(team_id, evidence)
        self._session.add(record)
        self._session.flush()
        entry = HistoryEntry(
            assessment_id=evidence.assessment_id,
            subject=HistorySubject.EVIDENCE,
            actor=evidence.added_by,
            at=evidence.added_at,
            requirement_id=evidence.requirement_id,
            after=evidence_json(evidence),
        )
        write_history(self._session, team_id, [entry])
        return replace(evidence, id=record.id, added_at=record.added_at)

    def for_assessment(self, team_id: str, assessment_id: int) -> list[Evidence]:
        """Oldest first."""
        records = self._session.scalars(
            select(EvidenceRecord)
            .where(EvidenceRecord.team_id == team_id, EvidenceRecord.assessment_id == assessment_id)
            .order_by(EvidenceRecord.id)
        )
        return [evidence_from_record(r) for r in records]

    def for_requirements(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> list[Evidence]:
        """The evidence of these requirements only, oldest first."""
        if not requirement_ids:
            return []
        records = self._session.scalars(
            prepared("evidence.for_requirements", _for_requirements_statement),
            {"team": team_id, "aid": assessment_id, "ids": list(requirement_ids)},
        )
        return [evidence_from_record(r) for r in records]

    def standing(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> set[str]:
        """Those of `requirement_ids` with evidence that is not rejected."""
        if not requirement_ids:
            return set()
        found = self._session.scalars(
            select(EvidenceRecord.requirement_id)
            .where(
                EvidenceRecord.team_id == team_id,
                EvidenceRecord.assessment_id == assessment_id,
                EvidenceRecord.requirement_id.in_(list(requirement_ids)),
                EvidenceRecord.review != ReviewState.REJECTED.value,
            )
            .distinct()
        )
        return set(found)

    def review(
        self,
        team_id: str,
        evidence_id: int,
        state: ReviewState,
        reason: str | None,
        actor: str,
        at: datetime,
    ) -> Evidence | None:
        """Set the review state, with a history row; None when no such evidence in the team."""
        record = self._session.scalar(
            select(EvidenceRecord)
            .where(EvidenceRecord.team_id == team_id, EvidenceRecord.id == evidence_id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
        if record is None:
            return None
        entry = HistoryEntry(
            assessment_id=record.assessment_id,
            subject=HistorySubject.EVIDENCE,
            actor=actor,
            at=at,
            requirement_id=record.requirement_id,
            before=review_json(ReviewState(record.review), record.review_reason),
            after=review_json(state, reason),
        )
        record.review = ReviewState(state).value
        record.review_reason = reason
        write_history(self._session, team_id, [entry])
        return evidence_from_record(record)
