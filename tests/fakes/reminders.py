"""Reminder claims and snoozes (twin of storage's reminders.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage import mapping as m

from ._common import MemoryRepository, drop_older


class FakeReminderRepository(MemoryRepository):
    def claim(self, team_id: str, user_id: str, slot: str, at: datetime) -> bool:
        if (team_id, user_id, slot) in self.t.claims:
            return False
        self.t.claims[(team_id, user_id, slot)] = m.utc(at)
        return True

    def claim_many(
        self, team_id: str, slots: Sequence[tuple[str, str]], at: datetime
    ) -> set[tuple[str, str]]:
        return {(user, slot) for user, slot in slots if self.claim(team_id, user, slot, at)}

    def sent_since(self, team_id: str, user_id: str, since: datetime | None) -> int:
        return len([at for at in self._mine(team_id, user_id) if since is None or at > since])

    def last_sent(self, team_id: str, user_id: str) -> datetime | None:
        return max(self._mine(team_id, user_id), default=None)

    def snooze(self, team_id: str, user_id: str, until: datetime) -> None:
        self.t.snoozes[(team_id, user_id)] = m.utc(until)

    def snoozed_until(self, team_id: str, user_id: str) -> datetime | None:
        return self.t.snoozes.get((team_id, user_id))

    def last_sent_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        return {u: at for u in set(user_ids) if (at := self.last_sent(team_id, u)) is not None}

    def snoozed_until_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        return {u: at for u in set(user_ids) if (at := self.snoozed_until(team_id, u)) is not None}

    def claimed_since(
        self, team_id: str, user_ids: Sequence[str], since: datetime
    ) -> dict[str, list[datetime]]:
        found = {
            u: sorted(at for at in self._mine(team_id, u) if at > since) for u in set(user_ids)
        }
        return {u: times for u, times in found.items() if times}

    def prune(self, before: datetime) -> int:
        return drop_older(self.t.claims, before)

    def prune_snoozes(self, ended_before: datetime) -> int:
        return drop_older(self.t.snoozes, ended_before)

    def _mine(self, team_id: str, user_id: str) -> list[datetime]:
        return [at for (t, u, _), at in self.t.claims.items() if (t, u) == (team_id, user_id)]
