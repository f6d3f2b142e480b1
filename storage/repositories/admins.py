"""The people listed as admins of each workspace."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from questionnaire.domain import WorkspaceAdmin

from ..mapping import utc
from ..records import WorkspaceAdminRecord
from ._common import affected_rows, upsert

Admin = WorkspaceAdminRecord


class SqlAdminRepository:
    """AdminRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, team_id: str) -> builtins.list[WorkspaceAdmin]:
        """The workspace's listed admins, in the order they were added."""
        rows = self._session.scalars(
            select(Admin).where(Admin.team_id == team_id).order_by(Admin.added_at, Admin.user_id)
        )
        return [WorkspaceAdmin(r.user_id, r.added_by, utc(r.added_at)) for r in rows]

    def add(self, team_id: str, user_ids: Sequence[str], actor: str, at: datetime) -> int:
        """List these people (ones already listed are kept as they are); how many were new."""
        unique = sorted(set(user_ids))
        if not unique:
            return 0
        statement = (
            upsert(self._session, Admin)
            .values(
                [
                    {"team_id": team_id, "user_id": u, "added_by": actor, "added_at": utc(at)}
                    for u in unique
                ]
            )
            .on_conflict_do_nothing(index_elements=["team_id", "user_id"])
        )
        return affected_rows(self._session, statement)

    def remove(self, team_id: str, user_ids: Sequence[str]) -> int:
        """Take these people off the list; returns how many were on it."""
        if not user_ids:
            return 0
        statement = delete(Admin).where(Admin.team_id == team_id, Admin.user_id.in_(set(user_ids)))
        return affected_rows(self._session, statement)
