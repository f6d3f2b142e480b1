"""Workspace holidays: dates on which no reminders go out in the workspace, and the calendar of
public holidays it follows."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from questionnaire.calendars import Calendar

from ..mapping import utc
from ..records import WorkspaceCalendarRecord, WorkspaceHolidayRecord
from ._common import affected_rows, upsert

Holiday = WorkspaceHolidayRecord


class SqlHolidayRepository:
    """HolidayRepository on SQL.

    A workspace's list is read once per unit of work: the reminder sweep asks for it for every
    assessment of the workspace, and one query serves them all."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._read: dict[str, builtins.list[date]] = {}

    def list(self, team_id: str) -> builtins.list[date]:
        """The workspace's holiday dates, earliest first."""
        if team_id not in self._read:
            self._read[team_id] = builtins.list(
                self._session.scalars(
                    select(Holiday.day).where(Holiday.team_id == team_id).order_by(Holiday.day)
                )
            )
        return builtins.list(self._read[team_id])

    def add(self, team_id: str, days: Sequence[date], actor: str, at: datetime) -> int:
        """Add dates (ones already there are kept as they are); returns how many were new."""
        unique = sorted(set(days))
        if not unique:
            return 0
        self._read.pop(team_id, None)
        statement = (
            upsert(self._session, Holiday)
            .values(
                [
                    {"team_id": team_id, "day": d, "added_by": actor, "added_at": utc(at)}
                    for d in unique
                ]
            )
            .on_conflict_do_nothing(index_elements=["team_id", "day"])
        )
        return affected_rows(self._session, statement)

    def remove(self, team_id: str, days: Sequence[date]) -> int:
        """Remove dates; returns how many were there."""
        if not days:
            return 0
        self._read.pop(team_id, None)
        statement = delete(Holiday).where(Holiday.team_id == team_id, Holiday.day.in_(set(days)))
        return affected_rows(self._session, statement)

    def calendar(self, team_id: str) -> Calendar | None:
        """The workspace's public holiday calendar, None when it picked none."""
        row = self._session.get(WorkspaceCalendarRecord, team_id)
        return Calendar(row.country, row.subdivision) if row else None

    def set_calendar(
        self, team_id: str, calendar: Calendar | None, actor: str, at: datetime
    ) -> None:
        """Follow `calendar` from now on (None: no public holidays)."""
        self._session.execute(
            delete(WorkspaceCalendarRecord).where(WorkspaceCalendarRecord.team_id == team_id)
        )
        if calendar is not None:
            self._session.add(
                WorkspaceCalendarRecord(
                    team_id=team_id,
                    country=calendar.country,
                    subdivision=calendar.subdivision,
                    set_by=actor,
                    set_at=utc(at),
                )
            )
            self._session.flush()
