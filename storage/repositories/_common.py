"""Helpers the repositories share: dialect-specific upserts, row counts and history rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from questionnaire.domain import HistoryEntry

from ..mapping import history_row
from ..records import AssessmentRecord, Base, HistoryRecord

Upsert = postgresql.Insert | sqlite.Insert


def upsert(session: Session, record: type[Base]) -> Upsert:
    """An INSERT that supports ON CONFLICT on the session's backend (PostgreSQL or SQLite)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(record)
    if name == "sqlite":
        return sqlite.insert(record)
    raise NotImplementedError(f"no upsert for {name}")


def affected_rows(session: Session, statement: Executable) -> int:
    """Execute an INSERT/UPDATE/DELETE and return how many rows it touched."""
    # Without preserve_rowcount, SQLAlchemy does not promise an INSERT's rowcount (psycopg: -1).
    result = session.execute(statement, execution_options={"preserve_rowcount": True})
    return cast(CursorResult[Any], result).rowcount


def has_assessment(session: Session, team_id: str, assessment_id: int) -> bool:
    """Whether the assessment exists in this workspace."""
    found = session.scalar(
        select(AssessmentRecord.id).where(
            AssessmentRecord.team_id == team_id, AssessmentRecord.id == assessment_id
        )
    )
    return found is not None


def require_assessment(session: Session, team_id: str, assessment_id: int) -> None:
    """KeyError unless the assessment exists in this workspace."""
    if not has_assessment(session, team_id, assessment_id):
        raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")


def write_history(session: Session, team_id: str, entries: Sequence[HistoryEntry]) -> None:
    """Insert history rows in one statement (flushes pending changes first)."""
    if entries:
        session.execute(insert(HistoryRecord), [history_row(team_id, e) for e in entries])
