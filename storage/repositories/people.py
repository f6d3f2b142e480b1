"""The people directory per workspace: display names the bot saw, and profiles from Slack."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from questionnaire.domain import Profile

from ..mapping import utc
from ..records import PersonRecord, WorkspaceLanguageRecord
from ._bulk import among, in_chunks
from ._common import upsert

NAME_MAX = 255
ROWS_PER_STATEMENT = 1000  # 12 parameters a row: well inside every driver's limit
PROFILE_COLUMNS = ("tz", "tz_offset", "locale", "is_bot", "deleted", "is_admin", "is_owner")


class SqlPeopleRepository:
    """PeopleRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def remember(self, team_id: str, names: Mapping[str, str], at: datetime) -> None:
        """Store (or refresh) these user ids' display names."""
        rows = [_row(team_id, user_id, name, at) for user_id, name in sorted(names.items())]
        self._upsert(rows, ("display_name", "updated_at"))

    def save(self, team_id: str, profiles: Sequence[Profile], at: datetime) -> None:
        """Store (or refresh) these people's profiles, as Slack described them."""
        latest = {p.user_id: p for p in profiles}  # one row each: an upsert may touch a row once
        rows = [
            {
                **_row(team_id, p.user_id, p.display_name, at),
                **{column: getattr(p, column) for column in PROFILE_COLUMNS},
                "profiled_at": utc(at),
            }
            for _, p in sorted(latest.items())
        ]
        self._upsert(rows, ("display_name", "updated_at", *PROFILE_COLUMNS, "profiled_at"))

    def _upsert(self, rows: list[dict[str, object]], columns: Sequence[str]) -> None:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            statement = upsert(self._session, PersonRecord).values(
                rows[start : start + ROWS_PER_STATEMENT]
            )
            statement = statement.on_conflict_do_update(
                index_elements=["team_id", "user_id"],
                set_={column: statement.excluded[column] for column in columns},
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

    def profiles(self, team_id: str, user_ids: Collection[str]) -> dict[str, Profile]:
        """The stored profiles of these users; those only named or never seen are left out."""
        found: dict[str, Profile] = {}
        for chunk in in_chunks(sorted(user_ids)):
            records = self._session.scalars(
                select(PersonRecord).where(
                    PersonRecord.team_id == team_id,
                    among(self._session, PersonRecord.user_id, chunk),
                    PersonRecord.profiled_at.is_not(None),
                )
            )
            found.update((r.user_id, _profile(r)) for r in records)
        return found

    def reader_locale(self, team_id: str, user_id: str) -> str | None:
        """The person's Slack locale, else the workspace's language, in one statement (it is
        read for every request and delivery)."""
        own = select(PersonRecord.locale).where(
            PersonRecord.team_id == team_id,
            PersonRecord.user_id == user_id,
            PersonRecord.profiled_at.is_not(None),
        )
        workspace = select(WorkspaceLanguageRecord.locale).where(
            WorkspaceLanguageRecord.team_id == team_id
        )
        row = self._session.execute(
            select(own.scalar_subquery(), workspace.scalar_subquery())
        ).one()
        found = row[0] or row[1]
        return str(found) if found else None

    def workspace_locale(self, team_id: str) -> str | None:
        """The language an admin set for the workspace, None when none was set."""
        row = self._session.get(WorkspaceLanguageRecord, team_id)
        return row.locale if row else None

    def set_workspace_locale(
        self, team_id: str, locale: str | None, actor: str, at: datetime
    ) -> None:
        """Set the workspace's language (None: none, people read their own or the default)."""
        self._session.execute(
            delete(WorkspaceLanguageRecord).where(WorkspaceLanguageRecord.team_id == team_id)
        )
        if locale is not None:
            self._session.add(
                WorkspaceLanguageRecord(
                    team_id=team_id, locale=locale, set_by=actor, set_at=utc(at)
                )
            )


def _row(team_id: str, user_id: str, name: str, at: datetime) -> dict[str, object]:
    return {
        "team_id": team_id,
        "user_id": user_id,
        "display_name": name[:NAME_MAX],
        "updated_at": utc(at),
    }


def _profile(record: PersonRecord) -> Profile:
    return Profile(
        user_id=record.user_id,
        display_name=record.display_name,
        **{column: getattr(record, column) for column in PROFILE_COLUMNS},
    )
