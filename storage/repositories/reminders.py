"""Reminder claims (exactly once per person and slot) and snoozes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..mapping import utc
from ..records import ReminderClaimRecord, SnoozeRecord
from ._bulk import among, in_chunks
from ._common import affected_rows, insert_new, upsert

Claim = ReminderClaimRecord


class SqlReminderRepository:
    """ReminderRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, team_id: str, user_id: str, slot: str, at: datetime) -> bool:
        """Claim (user, slot) exactly once across processes; True only for the winner."""
        return bool(self.claim_many(team_id, [(user_id, slot)], at))

    def claim_many(
        self, team_id: str, slots: Sequence[tuple[str, str]], at: datetime
    ) -> set[tuple[str, str]]:
        """Claim each (user, slot) exactly once across processes, in one INSERT sent in
        batches; returns the ones this transaction won.

        The primary key decides: a racing INSERT waits for the other transaction and then skips
        its rows (PostgreSQL), or runs after it (SQLite's write lock); RETURNING names only the
        rows inserted. Rows go in key order, so two batches racing never wait on each other in
        a cycle."""
        rows = [
            {"team_id": team_id, "user_id": user, "slot": slot, "claimed_at": utc(at)}
            for user, slot in sorted(set(slots))
        ]
        won = insert_new(
            self._session, Claim, rows, ["team_id", "user_id", "slot"], ["user_id", "slot"]
        )
        return {(user, slot) for user, slot in won}

    def sent_since(self, team_id: str, user_id: str, since: datetime | None) -> int:
        """How many reminder slots were claimed for the user after `since` (all when None)."""
        query = select(func.count()).where(Claim.team_id == team_id, Claim.user_id == user_id)
        if since is not None:
            query = query.where(Claim.claimed_at > utc(since))
        return int(self._session.scalar(query) or 0)

    def last_sent(self, team_id: str, user_id: str) -> datetime | None:
        """When the newest reminder slot was claimed for the user."""
        return self._session.scalar(
            select(func.max(Claim.claimed_at)).where(
                Claim.team_id == team_id, Claim.user_id == user_id
            )
        )

    def snooze(self, team_id: str, user_id: str, until: datetime) -> None:
        """Pause the user's reminders until `until` (replaces an earlier snooze)."""
        statement = upsert(self._session, SnoozeRecord).values(
            team_id=team_id, user_id=user_id, until=utc(until)
        )
        statement = statement.on_conflict_do_update(
            index_elements=["team_id", "user_id"], set_={"until": statement.excluded.until}
        )
        self._session.execute(statement)

    def snoozed_until(self, team_id: str, user_id: str) -> datetime | None:
        """When the user's snooze ends, or None."""
        return self._session.scalar(
            select(SnoozeRecord.until).where(
                SnoozeRecord.team_id == team_id, SnoozeRecord.user_id == user_id
            )
        )

    def last_sent_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        """`last_sent` of each user: one grouped query per 1,000 users (the primary key's prefix)."""
        found: dict[str, datetime] = {}
        for users in in_chunks(user_ids):
            rows = self._session.execute(
                select(Claim.user_id, func.max(Claim.claimed_at))
                .where(Claim.team_id == team_id, among(self._session, Claim.user_id, users))
                .group_by(Claim.user_id)
            )
            found.update({user: at for user, at in rows})
        return found

    def snoozed_until_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        """`snoozed_until` of each user: one query per 1,000 users."""
        found: dict[str, datetime] = {}
        for users in in_chunks(user_ids):
            rows = self._session.execute(
                select(SnoozeRecord.user_id, SnoozeRecord.until).where(
                    SnoozeRecord.team_id == team_id,
                    among(self._session, SnoozeRecord.user_id, users),
                )
            )
            found.update({user: until for user, until in rows})
        return found

    def claimed_since(
        self, team_id: str, user_ids: Sequence[str], since: datetime
    ) -> dict[str, list[datetime]]:
        """When each user's slots were claimed after `since`, oldest first: one query per 1,000."""
        found: dict[str, list[datetime]] = {}
        for users in in_chunks(user_ids):
            rows = self._session.execute(
                select(Claim.user_id, Claim.claimed_at)
                .where(
                    Claim.team_id == team_id,
                    among(self._session, Claim.user_id, users),
                    Claim.claimed_at > utc(since),
                )
                .order_by(Claim.user_id, Claim.claimed_at)
            )
            for user, at in rows:
                found.setdefault(user, []).append(at)
        return found

    def prune(self, before: datetime) -> int:
        """Delete claims made before `before` in every workspace (retention); returns how many."""
        return affected_rows(self._session, delete(Claim).where(Claim.claimed_at < utc(before)))

    def prune_snoozes(self, ended_before: datetime) -> int:
        """Delete snoozes that ended before `ended_before`, in every workspace; how many."""
        statement = delete(SnoozeRecord).where(SnoozeRecord.until < utc(ended_before))
        return affected_rows(self._session, statement)
