"""Which Enterprise Grid organisation each workspace belongs to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..mapping import utc
from ..records import WorkspaceOrgRecord
from ._common import upsert


class SqlOrgRepository:
    """OrgRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def remember(self, team_id: str, enterprise_id: str, at: datetime) -> None:
        """Record (or update) the workspace's organisation."""
        statement = upsert(self._session, WorkspaceOrgRecord).values(
            team_id=team_id, enterprise_id=enterprise_id, seen_at=utc(at)
        )
        statement = statement.on_conflict_do_update(
            index_elements=["team_id"],
            set_={"enterprise_id": statement.excluded.enterprise_id, "seen_at": utc(at)},
        )
        self._session.execute(statement)

    def org_of(self, team_id: str) -> str | None:
        """The workspace's organisation, if a request ever showed it."""
        found = self._session.scalar(
            select(WorkspaceOrgRecord.enterprise_id).where(WorkspaceOrgRecord.team_id == team_id)
        )
        return str(found) if found else None
