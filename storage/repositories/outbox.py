"""The outbox: messages owed to people, claimed for delivery exactly once across processes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Executable,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from questionnaire.outbox import (
    NOW,
    Envelope,
    GivenUp,
    Message,
    OutboxReport,
    Spacing,
    dump_json,
    family_of,
    held_until,
    held_with,
    left_to_the_loop,
    load,
)

from ..mapping import utc
from ..records import OutboxRecord
from ._common import affected_rows, dialect_insert, insert_new
from ._prepared import prepared

Row = OutboxRecord
ERROR_MAX = 255


_ENVELOPE = (
    Row.id,
    Row.team_id,
    Row.key,
    Row.kind,
    Row.body,
    Row.version,
    Row.attempts,
    Row.created_at,
)


def _envelope(row: Any) -> Envelope:
    """The envelope of an outbox row read as `_ENVELOPE`'s columns."""
    return Envelope(
        id=row.id,
        team_id=row.team_id,
        key=row.key,
        message=load(row.kind, json.loads(row.body)),
        version=row.version,
        attempts=row.attempts,
        created_at=row.created_at,
    )


def _unsent() -> ColumnElement[bool]:
    return and_(Row.sent_at.is_(None), Row.given_up_at.is_(None))


_QUEUED = (
    "team_id",
    "key",
    "family",
    "kind",
    "body",
    "priority",
    "version",
    "attempts",
    "created_at",
    "due_at",
)


def _values(
    team_id: str, key: str, message: Message, at: datetime, due: datetime | None = None
) -> dict[str, object]:
    """An entry's columns, as queued (due at once unless `due` says later)."""
    return {
        "team_id": team_id,
        "key": key,
        "family": family_of(key),
        "kind": message.kind,
        "body": dump_json(message),
        "priority": int(message.priority),
        "version": 1,
        "attempts": 0,
        "created_at": utc(at),
        "due_at": utc(due or at),
    }


def _add_statement(dialect: str, replaces: bool, held: bool, own: bool) -> Executable:
    """The INSERT ... ON CONFLICT of `add` (built once per case, see `prepared`); `own`: the
    entry it replaces is one this transaction queued claimed (nobody else can hold it)."""
    table = cast(Table, Row.__table__)
    names = [*_QUEUED, *(("lease_until",) if held else ())]
    statement = dialect_insert(dialect)(table).values({name: bindparam(name) for name in names})
    if not replaces:
        built = statement.on_conflict_do_nothing(index_elements=["team_id", "key"])
    else:
        excluded = statement.excluded
        changes: dict[str, Any] = {
            "body": excluded.body,
            "version": Row.version + 1,
            "due_at": excluded.due_at,
            "sent_at": None,
            "given_up_at": None,
            "attempts": 0,
            "last_error": None,
        }
        if held:  # claimed, unless another delivery holds it (it finds it replaced)
            free = (
                true() if own else or_(Row.lease_until.is_(None), Row.lease_until < excluded.due_at)
            )
            changes |= {
                "lease_until": case((free, excluded.lease_until), else_=Row.lease_until),
                "attempts": case((free, 1), else_=0),
            }
        built = statement.on_conflict_do_update(index_elements=["team_id", "key"], set_=changes)
    return built.returning(Row.id, Row.version, Row.attempts, Row.created_at)


def _finish_statement() -> Executable:
    table = cast(Table, Row.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("entry_id"), table.c.version == bindparam("of_version"))
        .values(
            sent_at=bindparam("at"),
            lease_until=None,
            channel_id=bindparam("channel"),
            message_ts=bindparam("ts"),
            last_error=None,
        )
    )


def _free_statement() -> Executable:
    table = cast(Table, Row.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("entry_id"))
        .values(lease_until=None, due_at=bindparam("at"))
    )


class SqlOutboxRepository:
    """OutboxRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._held: list[Envelope] = []

    def add(self, team_id: str, key: str, message: Message, at: datetime) -> int | None:
        """Queue a message under its key; None for a duplicate. The unique key decides between
        racing transactions: the later one waits (PostgreSQL) or runs after (SQLite's write
        lock) and then does nothing, or (a message that replaces) supersedes the earlier.
        Inside a handover (`questionnaire.outbox.handing_over`) it is queued claimed, unless
        another delivery holds the entry it replaces."""
        until = held_until(message, at)
        held = until is not None
        values = _values(team_id, key, message, at)
        if until is not None:
            values |= {"lease_until": utc(until), "attempts": 1}
        dialect = self._session.get_bind().dialect.name
        own = held and any(e.team_id == team_id and e.key == key for e in self._held)
        statement = prepared(
            ("outbox.add", dialect, message.replaces, held, own),
            lambda: _add_statement(dialect, message.replaces, held, own),
        )
        row = self._session.connection().execute(statement, values).one_or_none()
        if row is None:
            return None
        if held and row.attempts == 1:  # 0: another delivery holds it
            self._held = held_with(
                self._held,
                Envelope(row.id, team_id, key, message, row.version, row.attempts, row.created_at),
            )
        else:
            left_to_the_loop()
        return int(row.id)

    def take_held(self) -> list[Envelope]:
        """The entries this transaction queued claimed (see `add`), handed once."""
        held, self._held = self._held, []
        return held

    def add_many(
        self,
        team_id: str,
        messages: Sequence[tuple[str, Message]],
        at: datetime,
        spacing: Spacing = NOW,
    ) -> set[str]:
        """Queue new messages (none that replaces) under their keys, in one INSERT sent in
        batches, due as `spacing` says; the keys queued, without the duplicates."""
        if any(message.replaces for _, message in messages):
            raise ValueError("a message that replaces another is queued with `add`")
        left_to_the_loop()  # never held: the delivery loop delivers them
        rows = [
            _values(team_id, key, message, at, spacing.due(at, n))
            for n, (key, message) in enumerate(messages)
        ]
        return {key for (key,) in insert_new(self._session, Row, rows, ["team_id", "key"], ["key"])}

    def claim(
        self,
        now: datetime,
        lease_until: datetime,
        limit: int,
        priority_max: int = 9,
        team_ids: Sequence[str] | None = None,
    ) -> list[Envelope]:
        """Claim due entries (of `team_ids` only, when given): one statement, whose
        compare-and-set on the lease decides who delivers each (rows another statement holds are
        skipped on PostgreSQL; SQLite runs one writer at a time). Safe outside a transaction."""
        free = or_(Row.lease_until.is_(None), Row.lease_until < utc(now))
        due = [_unsent(), Row.due_at <= utc(now), Row.priority <= priority_max, free]
        if team_ids is not None:
            due.append(Row.team_id.in_(list(team_ids)))
        # A WITH query, evaluated once (a locking one is never folded into the UPDATE): as a
        # plain subquery PostgreSQL may run it again per row and claim past the limit.
        candidates = (
            select(Row.id)
            .where(*due)
            .order_by(Row.priority, Row.due_at, Row.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .cte("candidates")
        )
        found = self._session.execute(
            update(Row)
            .where(Row.id.in_(select(candidates.c.id)), _unsent(), free)
            .values(lease_until=utc(lease_until), attempts=Row.attempts + 1)
            .returning(*_ENVELOPE, Row.priority, Row.due_at)
            .execution_options(synchronize_session=False)
        ).all()
        rows = sorted(found, key=lambda row: (row.priority, utc(row.due_at), row.id))
        return [_envelope(row) for row in rows]

    def finish(
        self, entry_id: int, version: int, at: datetime, channel: str | None, ts: str | None
    ) -> bool:
        """Mark `version` delivered; when a newer one replaced it, free the entry instead."""
        parameters = {
            "entry_id": entry_id,
            "of_version": version,
            "at": utc(at),
            "channel": channel,
            "ts": ts,
        }
        done = affected_rows(
            self._session, prepared("outbox.finish", _finish_statement), parameters
        )
        if not done:
            free = prepared("outbox.free", _free_statement)
            affected_rows(self._session, free, {"entry_id": entry_id, "at": utc(at)})
        return bool(done)

    def retry(self, entry_id: int, at: datetime, error: str, *, give_up: bool = False) -> None:
        """Due again at `at`, or given up; the lease is freed either way."""
        values: dict[str, object] = {"lease_until": None, "last_error": error[:ERROR_MAX]}
        values |= {"given_up_at": utc(at)} if give_up else {"due_at": utc(at)}
        self._session.execute(update(Row).where(Row.id == entry_id).values(**values))

    def renew(self, leases: Mapping[int, datetime], lease_until: datetime) -> set[int]:
        """Extend each claim whose lease is still the one its claimer holds (a compare-and-set
        on the lease: an entry taken over, finished or retried meanwhile is left alone)."""
        renewed = set()
        for entry_id, held in leases.items():
            if affected_rows(
                self._session,
                update(Row)
                .where(Row.id == entry_id, Row.lease_until == utc(held), _unsent())
                .values(lease_until=utc(lease_until)),
            ):
                renewed.add(entry_id)
        return renewed

    def sent_at(self, team_id: str, key: str) -> datetime | None:
        return self._session.scalar(
            select(Row.sent_at).where(Row.team_id == team_id, Row.key == key)
        )

    def latest(self, team_id: str, families: Sequence[str]) -> dict[str, datetime]:
        """Newest `created_at` per family, from the (team_id, family) index."""
        if not families:
            return {}
        rows = self._session.execute(
            select(Row.family, func.max(Row.created_at))
            .where(Row.team_id == team_id, Row.family.in_(list(dict.fromkeys(families))))
            .group_by(Row.family)
        ).all()
        return {family: at for family, at in rows if family is not None and at is not None}

    def report(self, limit: int) -> OutboxReport:
        pending, oldest = self._session.execute(
            select(func.count(), func.min(Row.created_at)).where(_unsent())
        ).one()
        dead = Row.given_up_at.is_not(None)
        total = self._session.scalar(select(func.count()).where(dead)) or 0
        rows = self._session.scalars(
            select(Row).where(dead).order_by(Row.given_up_at.desc(), Row.id.desc()).limit(limit)
        ).all()
        return OutboxReport(
            int(pending),
            oldest,
            int(total),
            tuple(
                GivenUp(r.id, r.team_id, r.key, r.attempts, r.last_error, r.created_at, at)
                for r in rows
                if (at := r.given_up_at) is not None
            ),
        )

    def revive(self, entry_ids: Sequence[int] | None, at: datetime) -> int:
        statement = update(Row).where(Row.given_up_at.is_not(None))
        if entry_ids is not None:
            statement = statement.where(Row.id.in_(entry_ids))
        values = {"given_up_at": None, "due_at": utc(at), "attempts": 0, "lease_until": None}
        return affected_rows(self._session, statement.values(**values))

    def prune(self, before: datetime) -> int:
        """Delete delivered or given-up entries older than `before`."""
        statement = delete(Row).where(
            Row.created_at < utc(before),
            or_(Row.sent_at.is_not(None), Row.given_up_at.is_not(None)),
        )
        return affected_rows(self._session, statement)
