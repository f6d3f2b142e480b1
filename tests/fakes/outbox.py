"""The outbox (twin of storage's outbox.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from questionnaire.outbox import (
    NOW,
    Envelope,
    GivenUp,
    Message,
    OutboxReport,
    Spacing,
    family_of,
    held_until,
    held_with,
    left_to_the_loop,
)
from storage import mapping as m

from ._common import MemoryRepository

if TYPE_CHECKING:
    from .store import MemoryStore


@dataclass(frozen=True)
class OutboxRow:
    id: int
    team_id: str
    key: str
    message: Message
    created_at: datetime
    due_at: datetime
    version: int = 1
    attempts: int = 0
    lease_until: datetime | None = None
    sent_at: datetime | None = None
    given_up_at: datetime | None = None
    channel: str | None = None
    ts: str | None = None
    last_error: str | None = None

    @property
    def unsent(self) -> bool:
        return self.sent_at is None and self.given_up_at is None


class FakeOutboxRepository(MemoryRepository):
    def __init__(self, store: MemoryStore) -> None:
        super().__init__(store)
        self._held: list[Envelope] = []

    def _find(self, team_id: str, key: str) -> OutboxRow | None:
        return next(
            (r for r in self.t.outbox.values() if r.team_id == team_id and r.key == key), None
        )

    def add(self, team_id: str, key: str, message: Message, at: datetime) -> int | None:
        return self._add(team_id, key, message, at, held_until(message, at))

    def _add(
        self, team_id: str, key: str, message: Message, at: datetime, until: datetime | None
    ) -> int | None:
        found = self._find(team_id, key)
        if found is not None:
            if not message.replaces:
                return None
            own = any(e.id == found.id for e in self._held)  # queued claimed by this transaction
            free = own or found.lease_until is None or found.lease_until < m.utc(at)
            held = until is not None and free
            row = replace(
                found,
                message=message,
                version=found.version + 1,
                due_at=m.utc(at),
                sent_at=None,
                given_up_at=None,
                attempts=1 if held else 0,
                last_error=None,
                lease_until=m.utc(until) if held and until else found.lease_until,
            )
        else:
            held = until is not None
            row = OutboxRow(
                self.s.new_id("outbox"),
                team_id,
                key,
                message,
                m.utc(at),
                m.utc(at),
                attempts=1 if held else 0,
                lease_until=m.utc(until) if held and until else None,
            )
        self.t.outbox[row.id] = row
        if held:
            envelope = Envelope(
                row.id, team_id, key, message, row.version, row.attempts, row.created_at
            )
            self._held = held_with(self._held, envelope)
        else:
            left_to_the_loop()
        return row.id

    def take_held(self) -> list[Envelope]:
        held, self._held = self._held, []
        return held

    def add_many(
        self,
        team_id: str,
        messages: Sequence[tuple[str, Message]],
        at: datetime,
        spacing: Spacing = NOW,
    ) -> set[str]:
        added = set()
        left_to_the_loop()  # never held: the delivery loop delivers them
        for n, (key, message) in enumerate(messages):
            if self._add(team_id, key, message, at, None) is not None:
                added.add(key)
                entry = self._find(team_id, key)
                assert entry is not None
                self.t.outbox[entry.id] = replace(entry, due_at=m.utc(spacing.due(at, n)))
        return added

    def claim(
        self,
        now: datetime,
        lease_until: datetime,
        limit: int,
        priority_max: int = 9,
        team_ids: Sequence[str] | None = None,
    ) -> list[Envelope]:
        due = sorted(
            (
                r
                for r in self.t.outbox.values()
                if r.unsent
                and (team_ids is None or r.team_id in team_ids)
                and r.due_at <= now
                and r.message.priority <= priority_max
                and (r.lease_until is None or r.lease_until < now)
            ),
            key=lambda r: (r.message.priority, r.due_at, r.id),
        )[:limit]
        claimed = []
        for row in due:
            row = replace(row, lease_until=m.utc(lease_until), attempts=row.attempts + 1)
            self.t.outbox[row.id] = row
            claimed.append(
                Envelope(
                    row.id,
                    row.team_id,
                    row.key,
                    row.message,
                    row.version,
                    row.attempts,
                    row.created_at,
                )
            )
        return claimed

    def finish(
        self, entry_id: int, version: int, at: datetime, channel: str | None, ts: str | None
    ) -> bool:
        row = self.t.outbox[entry_id]
        if row.version != version:
            self.t.outbox[entry_id] = replace(row, lease_until=None, due_at=m.utc(at))
            return False
        self.t.outbox[entry_id] = replace(
            row, sent_at=m.utc(at), lease_until=None, channel=channel, ts=ts, last_error=None
        )
        return True

    def retry(self, entry_id: int, at: datetime, error: str, *, give_up: bool = False) -> None:
        row = replace(self.t.outbox[entry_id], lease_until=None, last_error=error[:255])
        row = replace(row, given_up_at=m.utc(at)) if give_up else replace(row, due_at=m.utc(at))
        self.t.outbox[entry_id] = row

    def renew(self, leases: Mapping[int, datetime], lease_until: datetime) -> set[int]:
        renewed = set()
        for entry_id, held in leases.items():
            row = self.t.outbox.get(entry_id)
            if row is not None and row.unsent and row.lease_until == m.utc(held):
                self.t.outbox[entry_id] = replace(row, lease_until=m.utc(lease_until))
                renewed.add(entry_id)
        return renewed

    def sent_at(self, team_id: str, key: str) -> datetime | None:
        found = self._find(team_id, key)
        return None if found is None else found.sent_at

    def latest(self, team_id: str, families: Sequence[str]) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for row in self.t.outbox.values():
            family = family_of(row.key)
            if row.team_id == team_id and family is not None and family in families:
                found[family] = max(found.get(family, row.created_at), row.created_at)
        return found

    def report(self, limit: int) -> OutboxReport:
        unsent = [r for r in self.t.outbox.values() if r.unsent]
        dead = sorted(
            (r for r in self.t.outbox.values() if r.given_up_at is not None),
            key=lambda r: (r.given_up_at, r.id),
            reverse=True,
        )
        return OutboxReport(
            len(unsent),
            min((r.created_at for r in unsent), default=None),
            len(dead),
            tuple(
                GivenUp(r.id, r.team_id, r.key, r.attempts, r.last_error, r.created_at, at)
                for r in dead[:limit]
                if (at := r.given_up_at) is not None
            ),
        )

    def revive(self, entry_ids: Sequence[int] | None, at: datetime) -> int:
        chosen = [
            r
            for r in self.t.outbox.values()
            if r.given_up_at is not None and (entry_ids is None or r.id in entry_ids)
        ]
        for row in chosen:
            self.t.outbox[row.id] = replace(
                row, given_up_at=None, due_at=m.utc(at), attempts=0, lease_until=None
            )
        return len(chosen)

    def prune(self, before: datetime) -> int:
        old = [i for i, r in self.t.outbox.items() if r.created_at < before and not r.unsent]
        for entry_id in old:
            del self.t.outbox[entry_id]
        return len(old)
