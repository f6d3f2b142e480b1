"""Deleting one assessment and every row that belongs to it, in its own workspace only."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from ..records import (
    AssessmentRecord,
    Base,
    EvidencePromptRecord,
    EvidenceRecord,
    HistoryRecord,
    PendingReplyRecord,
    PositionRecord,
    ReminderClaimRecord,
    RequirementStateRecord,
    RoleAssignmentRecord,
)
from ._common import affected_rows, has_assessment

# Rows keyed by (team_id, assessment_id). The foreign keys cascade too, but deleting them
# explicitly does not depend on SQLite's foreign_keys pragma being on for this connection.
CHILDREN: tuple[type[Base], ...] = (
    RoleAssignmentRecord,
    RequirementStateRecord,
    EvidenceRecord,
    HistoryRecord,
    PositionRecord,
    EvidencePromptRecord,
    PendingReplyRecord,
)


def delete_assessment(session: Session, team_id: str, assessment_id: int) -> bool:
    """Delete the assessment, its child rows and its reminder claims; False if not in the team."""
    if not has_assessment(session, team_id, assessment_id):
        return False
    for record in CHILDREN:
        columns = record.__table__.c
        session.execute(
            delete(record).where(columns.team_id == team_id, columns.assessment_id == assessment_id)
        )
    claim = ReminderClaimRecord
    session.execute(
        delete(claim).where(claim.team_id == team_id, claim.slot.like(f"force:{assessment_id}:%"))
    )
    session.execute(
        update(AssessmentRecord)
        .where(AssessmentRecord.team_id == team_id, AssessmentRecord.previous_id == assessment_id)
        .values(previous_id=None)
    )
    removed = affected_rows(
        session,
        delete(AssessmentRecord).where(
            AssessmentRecord.team_id == team_id, AssessmentRecord.id == assessment_id
        ),
    )
    return removed == 1
