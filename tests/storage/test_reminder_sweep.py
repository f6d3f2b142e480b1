"""The reminder sweep on real databases: its reads cost the same for 3 or 40 people, two
processes sweeping one database at once queue each (person, slot) once, and state is read batch
by batch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from sqlalchemy import func, select

from bot.config.clock import FixedClock
from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from questionnaire.ports import ReminderRepository, UnitOfWork
from questionnaire.reminders.decide import BATCH
from questionnaire.reminders.sweep import Person, SweepReport, run_sweep, snooze
from storage.records import OutboxRecord
from tests.fakes import MemoryStore

from .conftest import Backend
from .test_concurrency import separate_factories
from .test_statements import count_statements

MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=UTC)


def people_framework(count: int) -> Framework:
    """One requirement per role, so each of `count` role holders owns one open question."""
    requirements = [
        {
            "id": f"R{n:03d}",
            "level": 1,
            "text": f"Q{n}",
            "guidance": "g",
            "theme": "process",
            "role": f"r{n}",
        }
        for n in range(count)
    ]
    return Framework.model_validate(
        {
            "id": f"people-{count}",
            "version": "1",
            "title": "People",
            "levels": [{"number": 1, "key": "one", "name": "One"}],
            "roles": [{"key": f"r{n}", "name": f"Role {n}"} for n in range(count)],
            "domains": [
                {
                    "id": "D1",
                    "name": "D",
                    "items": [
                        {
                            "id": "I1",
                            "name": "Item",
                            "subitems": [{"id": "S1", "name": "S", "requirements": requirements}],
                        }
                    ],
                }
            ],
        }
    )


def seed(factory: Callable[[], UnitOfWork], count: int) -> list[str]:
    """A workspace `T<count>` with an assessment started a week ago whose `count` owners have
    answered nothing."""
    users = [f"U{n:03d}" for n in range(count)]
    framework = people_framework(count)
    with factory() as uow:
        uow.assessments.add(
            Assessment(
                team_id=f"T{count}",
                name=f"{count} people",
                project="p",
                framework_id=framework.id,
                framework_version="1",
                framework_hash=uow.frameworks.save(framework),
                lead_id="ULEAD",
                channel_id="C1",
                created_at=MONDAY_10 - timedelta(days=7),
                roles={f"r{n}": [user] for n, user in enumerate(users)},
            )
        )
        uow.commit()
    return users


class Everyone:
    """Every user exists and lives in UTC."""

    def person(self, team_id: str, user_id: str) -> Person | None:
        return Person(user_id, "UTC", 0)


class _Claims:
    """Reminder claims that note who won."""

    def __init__(self, inner: ReminderRepository, won: list[str]) -> None:
        self._inner = inner
        self._won = won

    def claim_many(
        self, team_id: str, slots: Sequence[tuple[str, str]], at: datetime
    ) -> set[tuple[str, str]]:
        won = self._inner.claim_many(team_id, slots, at)
        self._won += sorted(user for user, _ in won)
        return won

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class AfterClaims:
    """A unit of work that, once its transaction has committed and ended, calls `then` with the
    people whose reminder slots it claimed (so a test can act between two of a sweep's
    transactions, holding no lock)."""

    def __init__(self, inner: UnitOfWork, then: Callable[[list[str]], None]) -> None:
        self._inner = inner
        self._then = then
        self._won: list[str] = []

    def __enter__(self) -> Self:
        self._inner.__enter__()
        self.reminders = _Claims(self._inner.reminders, self._won)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)
        if self._won and exc_type is None:
            self._then(self._won)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def after_claims(
    factory: Callable[[], UnitOfWork], then: Callable[[list[str]], None]
) -> Callable[[], UnitOfWork]:
    return lambda: AfterClaims(factory(), then)  # type: ignore[return-value]


def _sweep(factory: Callable[[], UnitOfWork], team: str, moment: datetime) -> SweepReport:
    return run_sweep(factory, FixedClock(moment), Everyone(), team_ids=[team])


def _statements(backend: Backend, count: int) -> tuple[list[str], list[str]]:
    """SQL sent by a sweep at the slot and by the next tick, with `count` people due."""
    assert backend.engine is not None
    seed(backend.factory, count)
    team = f"T{count}"
    with count_statements(backend.engine) as at_slot:
        assert _sweep(backend.factory, team, MONDAY_10).sent == count
    with count_statements(backend.engine) as next_tick:
        report = _sweep(backend.factory, team, MONDAY_10 + timedelta(minutes=1))
    assert report.sent == 0 and report.skipped_not_due == count
    return at_slot, next_tick


def test_a_sweep_costs_the_same_statements_for_3_or_40_people(sql_backend: Backend) -> None:
    few_slot, few_next = _statements(sql_backend, 3)
    many_slot, many_next = _statements(sql_backend, 40)
    assert len(many_next) == len(few_next)  # nothing due again: no per-person statement at all
    claims = [s for s in many_slot if s.startswith("INSERT INTO reminder_log")]
    queued = [s for s in many_slot if s.startswith("INSERT INTO outbox")]
    assert (len(claims), len(queued)) == (1, 1)  # one statement each for the batch
    assert len(many_slot) == len(few_slot)


def race(backend: Backend, moment: datetime) -> list[SweepReport]:
    """Two sweeps at `moment`, each on its own engine, started together: both claim the same
    batch at about the same moment, in one statement each."""
    workers = 2
    start = threading.Barrier(workers)

    def sweep(factory: Callable[[], UnitOfWork]) -> SweepReport:
        start.wait()
        return _sweep(factory, "T40", moment)

    with separate_factories(backend, workers) as factories, ThreadPoolExecutor(workers) as pool:
        return [f.result() for f in [pool.submit(sweep, f) for f in factories]]


def test_two_processes_sweeping_at_once_queue_each_reminder_once(sql_backend: Backend) -> None:
    users = seed(sql_backend.factory, 40)
    days = ("2026-11-23", "2026-11-24")
    for day in range(2):  # Monday's and Tuesday's slot
        reports = race(sql_backend, MONDAY_10 + timedelta(days=day))
        assert sum(r.failed for r in reports) == 0
        assert sum(r.sent for r in reports) == len(users)
        assert sum(r.skipped_not_due for r in reports) == len(users)  # the other sweep's
    keys = [f"reminder:{user}:day:{day}" for user in users for day in days]
    with sql_backend.factory() as uow:
        queued = uow.outbox.claim(MONDAY_10 + timedelta(days=2), MONDAY_10 + timedelta(days=3), 999)
        assert sorted(e.key for e in queued) == sorted(keys)
        claims = uow.reminders.claimed_since("T40", users, MONDAY_10 - timedelta(days=1))
    assert {user: len(times) for user, times in claims.items()} == {user: 2 for user in users}
    assert sql_backend.engine is not None
    with sql_backend.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(OutboxRecord)) == len(keys)


def test_a_snooze_clicked_during_a_long_sweep_counts_for_later_batches() -> None:
    factory = MemoryStore().uow_factory()
    users = seed(factory, BATCH + 1)  # the last person is in the second batch
    late = users[-1]

    def snooze_the_last(won: list[str]) -> None:
        if users[0] in won:  # the first batch is being queued when the last person snoozes
            snooze(factory, FixedClock(MONDAY_10), f"T{BATCH + 1}", late, 1)

    report = _sweep(after_claims(factory, snooze_the_last), f"T{BATCH + 1}", MONDAY_10)
    assert (report.sent, report.snoozed) == (BATCH, 1)


def due_by(factory: Callable[[], UnitOfWork], moment: datetime) -> int:
    """How many queued entries are due by `moment` (claimed, so each counts once)."""
    with factory() as uow:
        found = len(uow.outbox.claim(moment, moment + timedelta(hours=1), 99_999))
        uow.commit()
    return found


def test_a_workspaces_reminders_are_due_a_pace_apart(sql_backend: Backend) -> None:
    seed(sql_backend.factory, 3)
    second = timedelta(seconds=1)
    clock = FixedClock(MONDAY_10)
    report = run_sweep(sql_backend.factory, clock, Everyone(), team_ids=["T3"], pace=second)
    assert report.sent == 3
    assert [due_by(sql_backend.factory, MONDAY_10 + n * second) for n in range(3)] == [1, 1, 1]


def test_the_pace_runs_on_across_a_workspaces_batches() -> None:
    factory = MemoryStore().uow_factory()
    seed(factory, BATCH + 1)
    second = timedelta(seconds=1)
    clock = FixedClock(MONDAY_10)
    run_sweep(factory, clock, Everyone(), team_ids=[f"T{BATCH + 1}"], pace=second)
    assert due_by(factory, MONDAY_10 + (BATCH - 1) * second) == BATCH
    assert due_by(factory, MONDAY_10 + BATCH * second) == 1
