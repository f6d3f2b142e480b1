"""Benchmark: Slack calls of one reminder sweep over 10,000 people, without and with the people
directory in the database (SQLite, the Slack stand-in).

At the reminder slot (everyone due), one tick with an empty directory (what every tick cost
before the directory: a `users.info` per person) and one with the directory filled by the
nightly `users.list` refresh, whose own cost is shown beside them. Prints Slack calls by method
and wall time side by side, with their ratios. Nothing is delivered: the sweep only queues.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_reminders import ASSESSMENTS, MONDAY, ROLES, TEAM, Clock, people, seed

from bot.slack.directory import Directory
from bot.slack.people import refresh_directory
from bot.wiring.app import make_client
from devkit.standin import SlackStandIn
from questionnaire.ports import UnitOfWorkFactory
from questionnaire.reminders.sweep import SweepReport, run_sweep
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

TOKEN = "xoxb-bench-directory"  # a local stand-in value, not a credential
SLOT = MONDAY.replace(hour=10)  # everyone's local 10:00 (they are all in UTC)
METHODS = ("users.info", "users.list")


class Measured:
    """Slack calls by method and wall time of one step."""

    def __init__(self, slack: SlackStandIn) -> None:
        self._slack = slack
        self.calls: Counter[str] = Counter()
        self.seconds = 0.0

    def __enter__(self) -> Measured:
        self._before = Counter(c.method for c in self._slack.calls())
        self._started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self._started
        self.calls = Counter(c.method for c in self._slack.calls()) - self._before


def _database(folder: str, name: str) -> UnitOfWorkFactory:
    engine = make_engine(f"sqlite:///{Path(folder) / name}")
    upgrade(engine)
    uow_factory = make_uow_factory(engine)
    seed(uow_factory)
    return uow_factory


def _tick(slack: SlackStandIn, uow_factory: UnitOfWorkFactory) -> tuple[Measured, SweepReport]:
    clock = Clock(SLOT)
    directory = Directory(make_client(TOKEN, slack.base_url), uow_factory, clock)
    with Measured(slack) as measured:
        report = run_sweep(uow_factory, clock, directory)
    return measured, report


def _ratio(before: float, after: float) -> str:
    if not after:
        return "all gone" if before else "-"
    return f"{before / after:,.1f}x"


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        SlackStandIn(bot_token=TOKEN, team_id=TEAM) as slack,
    ):
        for user_id in people():
            slack.add_user(user_id, user_id.lower(), tz="UTC")
        empty = _database(folder, "empty.db")
        filled = _database(folder, "filled.db")
        client = make_client(TOKEN, slack.base_url)
        with Measured(slack) as refresh:
            stored = refresh_directory(client, filled, Clock(SLOT), TEAM, pace_seconds=0)
        before, report_before = _tick(slack, empty)
        after, report_after = _tick(slack, filled)
    assert report_before.sent == report_after.sent == ASSESSMENTS * ROLES
    print(
        f"people directory, SQLite, one sweep tick at the slot, {ASSESSMENTS * ROLES:,} people due"
    )
    print(f"  {'':<24} {'empty directory':>16} {'filled directory':>17} {'ratio':>9}")
    for method in METHODS:
        b, a = before.calls[method], after.calls[method]
        print(f"  {method + ' calls':<24} {b:>16,} {a:>17,} {_ratio(b, a):>9}")
    others = sum(before.calls.values()) - sum(before.calls[m] for m in METHODS)
    others_after = sum(after.calls.values()) - sum(after.calls[m] for m in METHODS)
    print(f"  {'other Slack calls':<24} {others:>16,} {others_after:>17,}")
    print(
        f"  {'wall time':<24} {before.seconds:>14.2f} s {after.seconds:>15.2f} s "
        f"{_ratio(before.seconds, after.seconds):>9}"
    )
    print(
        f"  filling it (the nightly refresh): {refresh.calls['users.list']} users.list pages for "
        f"{stored:,} people in {refresh.seconds:.2f} s unpaced (one page every 3 s in production)"
    )


if __name__ == "__main__":
    main()
