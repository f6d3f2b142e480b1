"""Migration 0005 turns the "sent once" claims kept in reminder_log under made-up user ids into
delivered outbox entries, so nothing is sent again after the upgrade (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, select, text

from questionnaire.outbox import Completion, Marker, load
from questionnaire.reminders.policy import escalation_key
from storage.engine import make_engine
from storage.migrate import alembic_config, upgrade
from storage.records import OutboxRecord, ReminderClaimRecord
from storage.uow import make_uow_factory

T1, T2 = "T0001", "T0002"
DIGESTED = datetime(2026, 3, 9, 8, 0, 2, tzinfo=UTC)
ESCALATED = DIGESTED + timedelta(days=1)
OVERDUE = DIGESTED + timedelta(days=5)
COMPLETED = DIGESTED + timedelta(days=6)
IDLE = datetime(2026, 3, 2, 9, 30, 15, 250_000, tzinfo=UTC)  # microseconds the old key dropped
NOW = DIGESTED + timedelta(days=7)

OLD_CLAIMS = [
    (T1, "digest:7", "week:2026-03-09", DIGESTED),
    (T1, "escalate:7", f"UDEV@{int(IDLE.timestamp())}", ESCALATED),
    (T1, "overdue:7", "due:2026-03-13", OVERDUE),
    (T1, "complete:7", "complete", COMPLETED),
    (T1, "UDEV", "day:2026-03-09", DIGESTED),  # a person's own reminders stay where they are
    (T1, "UDEV", "force:7:2026-03-10T10:00Z", ESCALATED),
    (T2, "complete:8", "complete", COMPLETED),  # ...already in the outbox (see below)
]


def _at_0004_with_old_claims(url: str) -> Engine:
    upgrade(url, "0004")
    engine = make_engine(url)
    with engine.begin() as connection:
        for team, owner, slot, at in OLD_CLAIMS:
            connection.execute(
                ReminderClaimRecord.__table__.insert().values(
                    team_id=team, user_id=owner, slot=slot, claimed_at=at
                )
            )
        # Under 0004 a completion was queued in the outbox already, and delivered later.
        connection.execute(
            OutboxRecord.__table__.insert().values(
                team_id=T2,
                key="complete:8",
                kind="completion",
                body='{"assessment_id": 8}',
                priority=1,
                version=1,
                attempts=1,
                created_at=COMPLETED,
                due_at=COMPLETED,
                sent_at=COMPLETED + timedelta(minutes=1),
            )
        )
    return engine


def _claims(engine: Engine) -> set[tuple[str, str, str]]:
    claim = ReminderClaimRecord
    with engine.connect() as connection:
        rows = connection.execute(select(claim.team_id, claim.user_id, claim.slot))
        return {(team, owner, slot) for team, owner, slot in rows}


def _check_upgraded(engine: Engine) -> None:
    assert _claims(engine) == {  # every made-up one is gone, even one already in the outbox
        (T1, "UDEV", "day:2026-03-09"),
        (T1, "UDEV", "force:7:2026-03-10T10:00Z"),
    }
    factory = make_uow_factory(engine)
    with factory() as uow:
        outbox = uow.outbox
        assert outbox.latest(T1, ["digest:7"]) == {"digest:7": DIGESTED}
        assert outbox.sent_at(T1, "digest:7#week:2026-03-09") == DIGESTED
        assert outbox.sent_at(T1, "overdue:7#due:2026-03-13") == OVERDUE
        assert outbox.latest(T1, ["overdue:7"]) == {"overdue:7": OVERDUE}
        assert outbox.sent_at(T1, "complete:7") == COMPLETED
        assert outbox.sent_at(T2, "complete:8") == COMPLETED + timedelta(minutes=1)
        assert outbox.report(0).pending == 0  # all delivered: nothing is posted again
        # The keys the code builds now find them: nothing is queued a second time.
        assert outbox.add(T1, escalation_key(7, "UDEV", IDLE), Marker(), NOW) is None
        assert outbox.add(T1, "complete:7", Completion(7), NOW) is None
    with engine.connect() as connection:
        rows = connection.execute(select(OutboxRecord.kind, OutboxRecord.body)).all()
    assert len(rows) == 5
    for kind, body in rows:
        load(kind, json.loads(body))  # what this version reads back


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_old_sends_become_delivered_outbox_entries_and_back(
    database: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{database}_url")
    engine = _at_0004_with_old_claims(url)
    try:
        upgrade(engine)
        _check_upgraded(engine)

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        assert _claims(engine) >= {
            (T1, "digest:7", "week:2026-03-09"),
            (T1, "escalate:7", f"UDEV@{int(IDLE.timestamp())}"),
            (T1, "overdue:7", "due:2026-03-13"),
        }
        upgrade(engine)  # and up again: the same result
        _check_upgraded(engine)
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM outbox")) == 5
    finally:
        engine.dispose()
