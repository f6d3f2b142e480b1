"""The reminder sweep's bulk reads agree with the one-person reads; retention prunes by age."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.config.clock import FixedClock
from questionnaire.domain import Answer, Evidence, EvidenceKind, ReviewState
from questionnaire.outbox import Note, family_key
from questionnaire.retention import EVENT_RETENTION, OUTBOX_RETENTION, REMINDER_RETENTION, prune
from storage.records import ReminderClaimRecord
from storage.repositories._bulk import among

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at, new_assessment


def test_last_sent_snoozes_and_claims_since_in_bulk(backend: Backend) -> None:
    users = [f"U{n:04d}" for n in range(1_205)]  # more than one IN-list's worth
    with backend.factory() as uow:
        for n, user in enumerate(users):
            if n % 3 == 0:
                uow.reminders.claim(TEAM_A, user, "day:1", at(n))
                uow.reminders.claim(TEAM_A, user, "day:2", at(n + 2_000))
            if n % 5 == 0:
                uow.reminders.snooze(TEAM_A, user, at(10_000 + n))
        uow.reminders.claim(TEAM_B, users[1], "day:1", at(5))  # another workspace
        uow.reminders.snooze(TEAM_B, users[1], at(5))
        uow.commit()
    with backend.factory() as uow:
        last = uow.reminders.last_sent_many(TEAM_A, [*users, users[0]])
        snoozed = uow.reminders.snoozed_until_many(TEAM_A, users)
        since = uow.reminders.claimed_since(TEAM_A, users, at(600))
        singles = {u: uow.reminders.last_sent(TEAM_A, u) for u in users}
        assert uow.reminders.last_sent_many(TEAM_A, []) == {}
    assert last == {u: t for u, t in singles.items() if t is not None}
    assert len(last) == 402 and users[1] not in last
    assert last[users[3]] == at(2_003)
    assert len(snoozed) == 241 and snoozed[users[5]] == at(10_005) and users[1] not in snoozed
    assert since[users[0]] == [at(2_000)]  # only the claim after `since`
    assert since[users[1200]] == [at(1_200), at(3_200)]  # oldest first
    assert users[1] not in since


def test_last_activity_in_bulk_counts_answers_and_added_evidence(backend: Backend) -> None:
    with backend.factory() as uow:
        first = new_assessment(uow)
        second = new_assessment(uow, name="Other")
        elsewhere = new_assessment(uow, TEAM_B, name="Theirs")
        assert first.id and second.id and elsewhere.id
        uow.answers.record(TEAM_A, first.id, "R001", Answer.MET, "UDEV", at(1))
        uow.answers.record(TEAM_A, first.id, "R003", Answer.MET, "UDEV", at(4))
        uow.answers.delegate(TEAM_A, first.id, ["R002"], "UOPS", "ULEAD", at(6))  # not progress
        added = uow.evidence.add(
            TEAM_A, Evidence(second.id, "R000", EvidenceKind.LINK, "UOPS", at(2), url="https://x")
        )
        assert added.id is not None
        uow.evidence.review(TEAM_A, added.id, ReviewState.REJECTED, "no", "ULEAD", at(9))
        uow.answers.record(TEAM_B, elsewhere.id, "R001", Answer.MET, "UDEV", at(7))
        uow.commit()
    with backend.factory() as uow:
        found = uow.answers.last_activity_many(TEAM_A, [first.id, second.id, elsewhere.id])
        singles = {
            (aid, user): uow.answers.last_activity(TEAM_A, aid, user)
            for aid in (first.id, second.id)
            for user in ("UDEV", "UOPS", "ULEAD")
        }
    assert found == {(first.id, "UDEV"): at(4), (second.id, "UOPS"): at(2)}
    assert found == {key: t for key, t in singles.items() if t is not None}


def test_prune_keeps_what_is_inside_the_retention(backend: Backend) -> None:
    now = at(0) + REMINDER_RETENTION + timedelta(days=1)
    with backend.factory() as uow:
        uow.reminders.claim(TEAM_A, "U1", "day:old", at(0))
        uow.reminders.claim(TEAM_B, "U1", "day:old", at(0))
        uow.reminders.claim(TEAM_A, "U1", "day:kept", now - REMINDER_RETENTION + timedelta(hours=1))
        uow.events.first_time(TEAM_A, "Ev-old", now - EVENT_RETENTION - timedelta(minutes=1))
        uow.events.first_time(TEAM_B, "Ev-new", now - EVENT_RETENTION + timedelta(minutes=1))
        uow.reminders.snooze(TEAM_A, "U1", now - timedelta(minutes=1))  # over: forgotten
        uow.reminders.snooze(TEAM_B, "U2", now + timedelta(days=1))  # still on: kept
        old, recent = at(0), now - OUTBOX_RETENTION + timedelta(hours=1)
        delivered = [
            uow.outbox.add(TEAM_A, k, Note("U1", "x"), t)
            for k, t in [(family_key("old", "1"), old), (family_key("new", "1"), recent)]
        ]
        owed = family_key("old", "never delivered")
        uow.outbox.add(TEAM_B, owed, Note("U1", "x"), old)  # still owed: kept
        for entry in delivered:
            assert entry is not None
            uow.outbox.finish(entry, 1, now, None, None)
        uow.commit()
    pruned = prune(backend.factory, FixedClock(now))
    assert (pruned.events, pruned.reminder_claims, pruned.snoozes, pruned.outbox) == (1, 2, 1, 1)
    with backend.factory() as uow:
        assert uow.reminders.claimed_since(TEAM_A, ["U1"], at(-1)) == {
            "U1": [now - REMINDER_RETENTION + timedelta(hours=1)]
        }
        assert uow.reminders.last_sent(TEAM_B, "U1") is None
        assert uow.events.first_time(TEAM_A, "Ev-old", now)  # forgotten: new again
        assert not uow.events.first_time(TEAM_B, "Ev-new", now)  # still remembered
        assert uow.reminders.snoozed_until(TEAM_A, "U1") is None
        assert uow.reminders.snoozed_until(TEAM_B, "U2") == now + timedelta(days=1)
        assert uow.outbox.latest(TEAM_A, ["old", "new"]) == {"new": recent}
        assert uow.outbox.latest(TEAM_B, ["old"]) == {"old": old}
    again = prune(backend.factory, FixedClock(now))
    assert (again.events, again.reminder_claims, again.snoozes, again.outbox) == (0, 0, 0, 0)


def test_a_bulk_read_on_postgresql_is_one_text_whatever_the_keys() -> None:
    """On PostgreSQL the keys go as one array parameter (`= ANY`): the statement's text is the
    same for 3 keys and for 1,000 (a 1,000-key IN-list is parsed anew by psycopg on every run);
    elsewhere an IN-list."""

    def text(url: str, keys: list[str]) -> str:
        engine = create_engine(url)
        with Session(engine) as session:
            query = select(ReminderClaimRecord.user_id).where(
                among(session, ReminderClaimRecord.user_id, keys)
            )
            return str(query.compile(engine, compile_kwargs={"render_postcompile": True}))

    few, many = [f"U{n}" for n in range(3)], [f"U{n}" for n in range(1_000)]
    postgresql = "postgresql+psycopg://u@localhost/db"
    assert text(postgresql, few) == text(postgresql, many)
    assert "ANY" in text(postgresql, few)
    assert text("sqlite://", few) != text("sqlite://", many)  # an IN-list there


def test_a_key_longer_than_the_column_matches_nothing(backend: Backend) -> None:
    """On PostgreSQL the keys go as text: a cast to the column's VARCHAR(64) would cut a longer
    key and find the id it starts with."""
    stored = "U" * 64
    with backend.factory() as uow:
        uow.reminders.claim(TEAM_A, stored, "day:1", at(1))
        uow.reminders.snooze(TEAM_A, stored, at(2))
        uow.commit()
    with backend.factory() as uow:
        longer = [stored + "X"]
        assert uow.reminders.last_sent_many(TEAM_A, longer) == {}
        assert uow.reminders.snoozed_until_many(TEAM_A, longer) == {}
        assert uow.reminders.last_sent_many(TEAM_A, [stored]) == {stored: at(1)}
