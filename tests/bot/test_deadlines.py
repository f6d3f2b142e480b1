"""Deadlines: an action runs at its deadline when the watched block still runs, once, and never
for a block that ended first; one thread serves any number of watches."""

from __future__ import annotations

import threading
import time

import pytest

from bot.deadlines import Deadlines, once, received
from bot.wiring.request_context import current_ids, handling


def test_the_action_runs_at_the_deadline_while_the_block_still_runs() -> None:
    deadlines = Deadlines(0.05)
    ran: list[float] = []
    with deadlines.watching(lambda: ran.append(time.monotonic())):
        began = time.monotonic()
        time.sleep(0.3)
        ended = time.monotonic()
    [at] = ran
    assert began < at < ended


def test_nothing_runs_for_a_block_that_ended_before_its_deadline() -> None:
    deadlines = Deadlines(0.1)
    ran: list[str] = []
    for n in range(5):
        with deadlines.watching(lambda n=n: ran.append(f"fast {n}")):
            pass
    with deadlines.watching(lambda: ran.append("slow")):
        time.sleep(0.3)  # the fast ones' deadlines pass meanwhile
    assert ran == ["slow"]


def test_many_blocks_at_once_each_get_their_own_deadline() -> None:
    deadlines = Deadlines(0.2)
    ran: list[int] = []
    start = threading.Barrier(20)

    def block(n: int) -> None:
        start.wait()
        with deadlines.watching(lambda: ran.append(n)):
            time.sleep(0.5 if n % 2 else 0.0)

    threads = [threading.Thread(target=block, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ran) == list(range(1, 20, 2))


def test_a_failing_action_is_logged_and_later_deadlines_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    deadlines = Deadlines(0.05)
    ran: list[str] = []

    def fails() -> None:
        raise RuntimeError("Slack is gone")

    with deadlines.watching(fails, "a broken click"):
        time.sleep(0.2)
    with deadlines.watching(lambda: ran.append("next"), "the next click"):
        time.sleep(0.2)
    assert ran == ["next"]
    assert "the deadline action of a broken click failed" in caplog.text
    assert "the next click still ran after 0.05 s: acting at its deadline" in caplog.text


def test_once_does_the_action_for_the_first_caller_only() -> None:
    calls: list[int] = []
    first = once(lambda: calls.append(1))
    threads = [threading.Thread(target=first) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first()
    assert calls == [1]


def test_the_thread_ends_when_nothing_is_watched_and_starts_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.deadlines.IDLE_SECONDS", 0.1)
    deadlines = Deadlines(0.05)
    ran: list[int] = []
    with deadlines.watching(lambda: ran.append(1)):
        time.sleep(0.2)
    time.sleep(0.3)  # idle past IDLE_SECONDS
    assert deadlines._thread is None  # ended; the next watch starts one
    with deadlines.watching(lambda: ran.append(2)):
        time.sleep(0.2)
    assert ran == [1, 2]


def test_the_deadline_counts_from_when_the_request_came_in() -> None:
    """Slack's three seconds run from the click, not from when a listener thread was free."""
    deadlines = Deadlines(0.15)
    ran: list[str] = []
    with received():
        time.sleep(0.1)  # waiting for a listener thread
        with deadlines.watching(lambda: ran.append("acted")):
            time.sleep(0.12)  # ends before 0.15 s from here, not from the request
    assert ran == ["acted"]


def test_the_action_runs_in_the_watchers_context() -> None:
    """Its log lines (and the ack's) name the request: workspace, user, request id."""
    deadlines = Deadlines(0.05)
    seen: list[dict[str, str]] = []
    with handling("T0TEAM", "U0CLICK"):
        with deadlines.watching(lambda: seen.append(current_ids())):
            time.sleep(0.2)
        request_id = current_ids()["request_id"]
    assert seen == [{"workspace_id": "T0TEAM", "user_id": "U0CLICK", "request_id": request_id}]
