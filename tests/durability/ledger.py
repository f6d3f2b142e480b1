"""The bot's outbox read straight from its database: what it still owes, and how far it got."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from devkit.standin import SlackStandIn
from storage.engine import make_engine
from storage.records import AssessmentRecord, OutboxRecord


class Ledger:
    """Reads the outbox of the database at `url` (each call a fresh look)."""

    def __init__(self, url: str) -> None:
        self._engine = make_engine(url)

    def close(self) -> None:
        self._engine.dispose()

    def entries(self) -> list[OutboxRecord]:
        with Session(self._engine) as session:
            return list(session.scalars(select(OutboxRecord).order_by(OutboxRecord.id)))

    def unsent(self) -> list[OutboxRecord]:
        """Entries neither delivered nor given up."""
        return [e for e in self.entries() if e.sent_at is None and e.given_up_at is None]

    def settled(self) -> bool:
        """Everything queued was delivered (or given up: see `given_up`)."""
        return not self.unsent()

    def given_up(self) -> list[str]:
        return [e.key for e in self.entries() if e.given_up_at is not None]

    def in_hand(self) -> bool:
        """Something is owed, and every entry owed is claimed by a live lease."""
        now = datetime.now(UTC)
        owed = self.unsent()
        return bool(owed) and all(e.lease_until is not None and e.lease_until > now for e in owed)

    def all_failed(self) -> bool:
        """Something is owed, and every entry owed failed at least once (it waits for a retry,
        or a retry is under way: a page update is retried once by the HTTP client itself, so
        the retries of several may overlap for seconds)."""
        owed = self.unsent()
        return bool(owed) and all(e.last_error for e in owed)

    def assessment_id(self, name: str) -> int:
        with Session(self._engine) as session:
            found = session.scalar(select(AssessmentRecord.id).where(AssessmentRecord.name == name))
        assert found is not None, f"no assessment {name!r}"
        return found

    def delivered(self, slack: SlackStandIn) -> Counter[str]:
        """How many live messages in Slack each delivery step posted, as `key` or `key/step`
        (the outbox key of the entry, from the metadata each delivered post carries)."""
        keys = {e.id: e.key for e in self.entries()}
        posted: Counter[str] = Counter()
        for message in slack.messages():
            meta = message.metadata or {}
            if meta.get("event_type") != "maturity_bot_delivery":
                continue
            entry, _, step = str(meta["event_payload"]["outbox"]).partition(":")
            posted[keys[int(entry)] + (f"/{step}" if step else "")] += 1
        return posted
