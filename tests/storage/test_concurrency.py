"""Real concurrent writers: each thread has its own engine and connection, started together."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from questionnaire.domain import Answer
from questionnaire.ports import UnitOfWork
from storage.engine import make_engine
from storage.uow import make_uow_factory

from .conftest import Backend
from .helpers import TEAM_A, at, new_assessment

HOLD = 0.15  # how long a writer keeps its transaction open after writing


@contextmanager
def separate_factories(backend: Backend, count: int) -> Iterator[list[Callable[[], UnitOfWork]]]:
    """One unit-of-work factory per worker, each on its own engine (the fake shares its store)."""
    if backend.url is None:
        yield [backend.factory] * count
        return
    engines = [make_engine(backend.url) for _ in range(count)]
    try:
        yield [make_uow_factory(engine) for engine in engines]
    finally:
        for engine in engines:
            engine.dispose()


@pytest.mark.parametrize("answered_before", [False, True])
def test_simultaneous_answers_are_both_audited_and_the_later_wins(
    backend: Backend, answered_before: bool
) -> None:
    with backend.factory() as uow:
        added = new_assessment(uow)
        assert added.id is not None
        if answered_before:
            uow.answers.record(TEAM_A, added.id, "R001", Answer.NOT_APPLICABLE, "ULEAD", at(0))
        uow.commit()
    aid = added.id
    barrier = threading.Barrier(2)
    choices = [Answer.MET, Answer.NOT_MET]

    def answer(worker: int, factory: Callable[[], UnitOfWork]) -> None:
        barrier.wait()
        with factory() as uow:
            uow.answers.record(TEAM_A, aid, "R001", choices[worker], f"U{worker}", at(1))
            time.sleep(HOLD)
            uow.commit()

    with separate_factories(backend, 2) as factories, ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(answer, i, f) for i, f in enumerate(factories)]:
            future.result()

    with backend.factory() as uow:
        history = uow.answers.history(TEAM_A, aid, "R001")[int(answered_before) :]
        final = uow.answers.get(TEAM_A, aid, "R001")
    assert sorted(h.actor for h in history) == ["U0", "U1"]
    first, second = history
    assert second.before == first.after  # the later writer saw the earlier one's answer
    assert final is not None and final.answered_by == second.actor
    assert final.answer is choices[int(second.actor[1])]


def test_only_one_of_many_racing_processes_claims_a_reminder(backend: Backend) -> None:
    workers = 6
    barrier = threading.Barrier(workers)

    def claim(factory: Callable[[], UnitOfWork]) -> bool:
        barrier.wait()
        with factory() as uow:
            won = uow.reminders.claim(TEAM_A, "U1", "2026-01-05T10:00", at(0))
            time.sleep(HOLD / 3)
            uow.commit()
        return won

    with separate_factories(backend, workers) as factories, ThreadPoolExecutor(workers) as pool:
        results = [f.result() for f in [pool.submit(claim, factory) for factory in factories]]
    assert sorted(results) == [False] * (workers - 1) + [True]
    with backend.factory() as uow:
        assert uow.reminders.sent_since(TEAM_A, "U1", None) == 1


def test_a_claim_rolled_back_by_its_winner_goes_to_the_waiting_process(backend: Backend) -> None:
    claimed = threading.Event()

    def first(factory: Callable[[], UnitOfWork]) -> bool:
        with factory() as uow:
            won = uow.reminders.claim(TEAM_A, "U1", "slot", at(0))
            claimed.set()
            time.sleep(HOLD)
        return won  # left without commit: the send failed

    def second(factory: Callable[[], UnitOfWork]) -> bool:
        assert claimed.wait(5)
        with factory() as uow:
            won = uow.reminders.claim(TEAM_A, "U1", "slot", at(1))
            uow.commit()
        return won

    with separate_factories(backend, 2) as factories, ThreadPoolExecutor(2) as pool:
        one = pool.submit(first, factories[0])
        two = pool.submit(second, factories[1])
        assert (one.result(), two.result()) == (True, True)
    with backend.factory() as uow:
        assert uow.reminders.last_sent(TEAM_A, "U1") == at(1)
