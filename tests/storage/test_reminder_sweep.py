"""The reminder sweep on real databases: its reads cost the same for 3 or 40 people, two
processes sweeping one database at once send each (person, slot) once, and state is read batch
by batch."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWork
from questionnaire.reminder_decide import BATCH
from questionnaire.reminders import (
    Digest,
    Escalation,
    OverdueNotice,
    Person,
    SweepReport,
    run_sweep,
    snooze,
)
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


@dataclass
class Recorder:
    """Records (user, UTC day) of every digest.

    With `meet`, each thread's first send waits until every racing sweep has sent one, so the
    sweeps truly overlap (a sweep that never gets to send breaks the barrier: a failed send)."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    clock: FixedClock | None = None
    meet: threading.Barrier | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    _met: set[int] = field(default_factory=set)

    def send_digest(self, team_id: str, user_id: str, digest: Digest) -> None:
        assert self.clock is not None
        with self.lock:
            self.sent.append((user_id, self.clock.now().date().isoformat()))
            first = threading.get_ident() not in self._met
            self._met.add(threading.get_ident())
        if first and self.meet is not None:
            self.meet.wait(timeout=10)

    def send_escalations(
        self, team_id: str, lead_id: str, escalations: Sequence[Escalation]
    ) -> None:
        raise AssertionError("nobody has been reminded before: no escalation")

    def send_overdue(self, team_id: str, lead_id: str, notice: OverdueNotice) -> None:
        raise AssertionError("no due date: no overdue notice")


def _sweep(
    factory: Callable[[], UnitOfWork], team: str, moment: datetime, recorder: Recorder
) -> SweepReport:
    clock = FixedClock(moment)
    recorder.clock = clock
    return run_sweep(factory, clock, Everyone(), recorder, team_ids=[team])


def _statements(backend: Backend, count: int) -> tuple[list[str], list[str]]:
    """SQL sent by a sweep at the slot and by the next tick, with `count` people due."""
    assert backend.engine is not None
    seed(backend.factory, count)
    team = f"T{count}"
    with count_statements(backend.engine) as at_slot:
        assert _sweep(backend.factory, team, MONDAY_10, Recorder()).sent == count
    with count_statements(backend.engine) as next_tick:
        report = _sweep(backend.factory, team, MONDAY_10 + timedelta(minutes=1), Recorder())
    assert report.sent == 0 and report.skipped_not_due == count
    return at_slot, next_tick


def _is_claim(statement: str) -> bool:
    return statement.startswith("INSERT INTO reminder_log")


def test_reading_reminder_state_costs_the_same_for_3_or_40_people(sql_backend: Backend) -> None:
    few_slot, few_next = _statements(sql_backend, 3)
    many_slot, many_next = _statements(sql_backend, 40)
    assert len(many_next) == len(few_next)  # nothing due again: no per-person statement at all
    assert sum(map(_is_claim, few_slot)) == 3 and sum(map(_is_claim, many_slot)) == 40
    # besides one claim per (person, slot) and its transaction, the same statements
    others = [s for s in many_slot if not _is_claim(s) and s != "BEGIN IMMEDIATE"]
    assert len(others) == len([s for s in few_slot if not _is_claim(s) and s != "BEGIN IMMEDIATE"])


def race(backend: Backend, moment: datetime, recorder: Recorder) -> list[SweepReport]:
    """Two sweeps at `moment`, each on its own engine, started together and sending together."""
    workers = 2
    start = threading.Barrier(workers)
    recorder.meet, recorder._met = threading.Barrier(workers), set()

    def sweep(factory: Callable[[], UnitOfWork]) -> SweepReport:
        start.wait()
        return _sweep(factory, "T40", moment, recorder)

    with separate_factories(backend, workers) as factories, ThreadPoolExecutor(workers) as pool:
        return [f.result() for f in [pool.submit(sweep, f) for f in factories]]


def test_two_processes_sweeping_at_once_send_each_reminder_once(sql_backend: Backend) -> None:
    users, recorder = seed(sql_backend.factory, 40), Recorder()
    for day in range(2):  # Monday's and Tuesday's slot
        reports = race(sql_backend, MONDAY_10 + timedelta(days=day), recorder)
        assert sum(r.sent for r in reports) == len(users)
        assert sum(r.failed for r in reports) == 0
        assert all(r.sent for r in reports), "both sweeps did part of the work"
    assert Counter(recorder.sent) == {
        (user, day): 1 for user in users for day in ("2026-11-23", "2026-11-24")
    }


def test_a_snooze_clicked_during_a_long_sweep_counts_for_later_batches() -> None:
    factory = MemoryStore().uow_factory()
    users = seed(factory, BATCH + 1)  # the last person is in the second batch
    late = users[-1]

    class SnoozingRecorder(Recorder):
        def send_digest(self, team_id: str, user_id: str, digest: Digest) -> None:
            super().send_digest(team_id, user_id, digest)
            if user_id == users[0]:  # while the first batch is being sent, the last one snoozes
                snooze(factory, FixedClock(MONDAY_10), team_id, late, 1)

    report = _sweep(factory, f"T{BATCH + 1}", MONDAY_10, SnoozingRecorder())
    assert (report.sent, report.snoozed) == (BATCH, 1)
