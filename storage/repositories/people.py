"""The display names the bot saw in Slack, per workspace."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..mapping import utc
from ..records import PersonRecord
from ._common import upsert

NAME_MAX = 255


class SqlPeopleRepository:
    """PeopleRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def remember(self, team_id: str, names: Mapping[str, str], at: datetime) -> None:
        """Store (or refresh) these user ids' display names."""
        if not names:
            return
        statement = upsert(self._session, PersonRecord).values(
            [
                {
                    "team_id": team_id,
                    "user_id": user_id,
                    "display_name": name[:NAME_MAX],
                    "updated_at": utc(at),
                }
                for user_id, name in sorted(names.items())
            ]
        )
        statement = statement.on_conflict_do_update(
            index_elements=["team_id", "user_id"],
            set_={
                "display_name": statement.excluded.display_name,
                "updated_at": statement.excluded.updated_at,
            },
        )
        self._session.execute(statement)

    def names(self, team_id: str) -> dict[str, str]:
        """Every remembered display name of the workspace, by user id."""
        rows = self._session.execute(
            select(PersonRecord.user_id, PersonRecord.display_name).where(
                PersonRecord.team_id == team_id
            )
        )
        return {user_id: name for user_id, name in rows}
