"""The people directory (twin of storage's people.py)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from questionnaire.domain import Profile

from ._common import MemoryRepository


class FakePeopleRepository(MemoryRepository):
    def remember(self, team_id: str, names: Mapping[str, str], at: datetime) -> None:
        for user_id, name in names.items():
            known = self.t.people.get((team_id, user_id))
            named = (
                replace(known, display_name=name[:255])
                if isinstance(known, Profile)
                else name[:255]
            )
            self.t.people[(team_id, user_id)] = named

    def save(self, team_id: str, profiles: Sequence[Profile], at: datetime) -> None:
        for profile in profiles:
            name = profile.display_name[:255]
            self.t.people[(team_id, profile.user_id)] = replace(profile, display_name=name)

    def names(self, team_id: str) -> dict[str, str]:
        return {
            user: row if isinstance(row, str) else row.display_name
            for (team, user), row in self.t.people.items()
            if team == team_id
        }

    def profiles(self, team_id: str, user_ids: Collection[str]) -> dict[str, Profile]:
        found = (self.t.people.get((team_id, user)) for user in set(user_ids))
        return {row.user_id: row for row in found if isinstance(row, Profile)}

    def reader_locale(self, team_id: str, user_id: str) -> str | None:
        row = self.t.people.get((team_id, user_id))
        own = row.locale if isinstance(row, Profile) else None
        return own or self.t.languages.get(team_id)

    def workspace_locale(self, team_id: str) -> str | None:
        return self.t.languages.get(team_id)

    def set_workspace_locale(
        self, team_id: str, locale: str | None, actor: str, at: datetime
    ) -> None:
        if locale is None:
            self.t.languages.pop(team_id, None)
        else:
            self.t.languages[team_id] = locale
