"""Benchmark: one reminder sweep over 10,000 people with pending work on SQLite.

Prints wall time and SQL statement count for a sweep at the reminder slot (everyone due), the
next tick in the same slot (everyone already reminded), a tick between slots (nobody due), and
the next day's slot, where everyone reminded once and still idle is checked for escalation.
A reminder is two INSERTs (its claim and its outbox entry) in one transaction per person and
slot; everything read is in bulk. Nothing is delivered: that is the courier's work, paced.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from questionnaire.domain import Assessment
from questionnaire.framework import (
    Domain,
    Framework,
    Item,
    Level,
    Requirement,
    Role,
    SubItem,
    Theme,
)
from questionnaire.ports import UnitOfWorkFactory
from questionnaire.reminders.sweep import Person, SweepReport, run_sweep
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

TEAM = "TBENCH"
ASSESSMENTS = 100
ROLES = 100  # one requirement and one person per role: 100 x 100 = 10,000 people
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)
LEAD = "ULEAD"


def framework() -> Framework:
    requirements = [
        Requirement(
            id=f"q{n}", level=1, text=f"Q{n}", guidance="g", role=f"r{n}", theme=Theme.PROCESS
        )
        for n in range(ROLES)
    ]
    item = Item(
        id="i1", name="Item", subitems=[SubItem(id="s1", name="S", requirements=requirements)]
    )
    return Framework(
        id="bench",
        version="1",
        title="Bench",
        levels=[Level(number=1, key="one", name="One")],
        roles=[Role(key=f"r{n}", name=f"Role {n}") for n in range(ROLES)],
        domains=[Domain(id="d1", name="D", items=[item])],
    )


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


class Directory:
    def person(self, team_id: str, user_id: str) -> Person | None:
        return Person(user_id, "UTC", 0)


def people() -> list[str]:
    """Every person the seeded assessments name: their one lead, then one per role each."""
    return [LEAD, *(f"U{a:03d}{n:03d}" for a in range(ASSESSMENTS) for n in range(ROLES))]


def seed(uow_factory: UnitOfWorkFactory, team: str = TEAM) -> None:
    """`ASSESSMENTS` active assessments started a week before MONDAY, a person per role each."""
    with uow_factory() as uow:
        content_hash = uow.frameworks.save(framework())
        for a in range(ASSESSMENTS):
            roles = {f"r{n}": [f"U{a:03d}{n:03d}"] for n in range(ROLES)}
            uow.assessments.add(
                Assessment(
                    team_id=team,
                    name=f"Assessment {a}",
                    project=f"p{a}",
                    framework_id="bench",
                    framework_version="1",
                    framework_hash=content_hash,
                    lead_id=LEAD,
                    channel_id="C1",
                    created_at=MONDAY - timedelta(days=7),
                    roles=roles,
                )
            )
        uow.commit()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        uow_factory = make_uow_factory(engine)
        seed(uow_factory)

        statements = 0

        def count(*_: Any) -> None:
            nonlocal statements
            statements += 1

        event.listen(engine, "before_cursor_execute", count)
        print(f"reminder sweep, SQLite, {ASSESSMENTS * ROLES:,} people with pending work")
        for label, moment in [
            ("at the slot (everyone due)", MONDAY.replace(hour=10)),
            ("next tick (already reminded)", MONDAY.replace(hour=10, minute=1)),
            ("between slots (nobody due)", MONDAY.replace(hour=22)),
            ("next day at the slot (+escalation)", MONDAY.replace(day=24, hour=10)),
            ("next day, next tick", MONDAY.replace(day=24, hour=10, minute=1)),
        ]:
            statements = 0
            started = time.perf_counter()
            report: SweepReport = run_sweep(uow_factory, Clock(moment), Directory())
            elapsed = time.perf_counter() - started
            print(
                f"  {label:<36} {elapsed:7.2f} s  {statements:>7,} statements  "
                f"queued={report.sent:,} escalated={report.escalated:,} "
                f"not_due={report.skipped_not_due:,} failed={report.failed}"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
