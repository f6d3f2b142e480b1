"""Workspace holidays (twin of storage's holidays.py)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date, datetime

from questionnaire.calendars import Calendar
from storage import mapping as m

from ._common import MemoryRepository


class FakeHolidayRepository(MemoryRepository):
    def list(self, team_id: str) -> builtins.list[date]:
        return sorted(d for t, d in self.t.holidays if t == team_id)

    def add(self, team_id: str, days: Sequence[date], actor: str, at: datetime) -> int:
        new = [d for d in set(days) if (team_id, d) not in self.t.holidays]
        for d in new:
            self.t.holidays[(team_id, d)] = (actor, m.utc(at))
        return len(new)

    def remove(self, team_id: str, days: Sequence[date]) -> int:
        return sum(self.t.holidays.pop((team_id, d), None) is not None for d in set(days))

    def calendar(self, team_id: str) -> Calendar | None:
        return self.t.calendars.get(team_id)

    def set_calendar(
        self, team_id: str, calendar: Calendar | None, actor: str, at: datetime
    ) -> None:
        if calendar is None:
            self.t.calendars.pop(team_id, None)
        else:
            self.t.calendars[team_id] = calendar
