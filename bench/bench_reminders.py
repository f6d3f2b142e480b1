"""Benchmark: one reminder sweep over 10,000 people with pending work, on SQLite (a temporary
file) or the database at `--database-url` (an empty PostgreSQL database, say).

Prints wall time and SQL statement count for a sweep at the reminder slot (everyone due), the
next tick in the same slot (everyone already reminded), a tick between slots (nobody due), and
the next day's slot, where everyone reminded once and still idle is checked for escalation.
A batch of up to 200 reminders is one claim INSERT and an outbox INSERT per person, in one
transaction; everything read is in bulk. Nothing is delivered: that is the courier's work, paced.

Then the claims alone, for the 10,000: one transaction per person (as before batching) against
one batched statement; and the at-slot tick against its floor, the repeat tick (which reads
what the at-slot tick reads) plus the batched claims, as ratios. `--backend postgresql` runs
on a throw-away schema of the test server (skipped with a message when it is unreachable).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from support import postgres_schema, result

from questionnaire.domain import Assessment
from questionnaire.framework import (
    Domain,
    Framework,
    Item,
    Level,
    Requirement,
    Role,
    SubItem,
    Text,
)
from questionnaire.outbox import ReminderDM
from questionnaire.ports import UnitOfWorkFactory
from questionnaire.reminders.policy import AssessmentDigest, Digest, ItemCount
from questionnaire.reminders.queue import reminder_key
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
        Requirement(id=f"q{n}", level=1, text=f"Q{n}", guidance="g", role=f"r{n}", theme="process")
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


def holder(assessment: int, role: int) -> str:
    """The one person holding role `role` in seeded assessment `assessment`."""
    return f"U{assessment:03d}{role:03d}"


def holders() -> list[str]:
    """Every role holder of the seeded assessments: the 10,000 a sweep reminds."""
    return [holder(a, n) for a in range(ASSESSMENTS) for n in range(ROLES)]


def people() -> list[str]:
    """Every person the seeded assessments name: their one lead, then one per role each."""
    return [LEAD, *holders()]


def seed(uow_factory: UnitOfWorkFactory, team: str = TEAM) -> None:
    """`ASSESSMENTS` active assessments started a week before MONDAY, a person per role each."""
    with uow_factory() as uow:
        content_hash = uow.frameworks.save(framework())
        for a in range(ASSESSMENTS):
            roles = {f"r{n}": [holder(a, n)] for n in range(ROLES)}
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


def ticks(engine: Engine, uow_factory: UnitOfWorkFactory) -> dict[str, float]:
    """Run the sweeps, print each; their wall times by label."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    timings: dict[str, float] = {}
    for label, moment in [
        ("at the slot (everyone due)", MONDAY.replace(hour=10)),
        ("next tick (already reminded)", MONDAY.replace(hour=10, minute=1)),
        ("between slots (nobody due)", MONDAY.replace(hour=22)),
        ("next day at the slot (+escalation)", MONDAY.replace(day=24, hour=10)),
        ("next day, next tick", MONDAY.replace(day=24, hour=10, minute=1)),
    ]:
        statements = 0
        started = time.perf_counter()
        report: SweepReport = run_sweep(uow_factory, Clock(moment), Directory(), team_ids=[TEAM])
        timings[label] = elapsed = time.perf_counter() - started
        print(
            f"  {label:<36} {elapsed:7.2f} s  {statements:>7,} statements  "
            f"queued={report.sent:,} escalated={report.escalated:,} "
            f"not_due={report.skipped_not_due:,} failed={report.failed}"
        )
    event.remove(engine, "before_cursor_execute", count)
    return timings


def claims(uow_factory: UnitOfWorkFactory, slot: str, *, batched: bool) -> float:
    """Seconds to claim `slot` for everyone: in one statement, or a transaction per person."""
    users = holders()
    at = MONDAY.replace(day=25)
    started = time.perf_counter()
    if batched:
        with uow_factory() as uow:
            uow.reminders.claim_many(TEAM, [(user, slot) for user in users], at)
            uow.commit()
    else:
        for user in users:
            with uow_factory() as uow:
                uow.reminders.claim(TEAM, user, slot, at)
                uow.commit()
    return time.perf_counter() - started


def queued(uow_factory: UnitOfWorkFactory, slot: str) -> float:
    """Seconds to queue a reminder for everyone in one call, each its own outbox row (one
    message for all: no digest decided), as the outbox rule requires of what a sweep owes."""
    users = holders()
    item = ItemCount("i1", Text(en="Item"), 1)
    work = AssessmentDigest(1, "Assessment", (item,), (), None, "i1")
    message = ReminderDM(Digest(LEAD, (work,)))
    started = time.perf_counter()
    with uow_factory() as uow:
        uow.outbox.add_many(TEAM, [(reminder_key(user, slot), message) for user in users], MONDAY)
        uow.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite)")
    parser.add_argument(
        "--backend", choices=["sqlite", "postgresql"], help="postgresql: the test server"
    )
    parser.add_argument("--single", action="store_true", help="also a transaction per person")
    args = parser.parse_args()
    if args.backend == "postgresql" and not args.database_url:
        with postgres_schema() as url:
            if url is not None:
                measure(url, args.single)
        return
    with tempfile.TemporaryDirectory() as folder:
        measure(args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}", args.single)


def measure(url: str, single_too: bool) -> None:
    engine = make_engine(url)
    upgrade(engine)
    uow_factory = make_uow_factory(engine)
    seed(uow_factory)
    backend = engine.dialect.name
    print(f"reminder sweep, {backend}, {ASSESSMENTS * ROLES:,} people with pending work")
    timings = ticks(engine, uow_factory)
    batch = claims(uow_factory, "bench:batch", batched=True)
    at_slot, repeat = (
        timings["at the slot (everyone due)"],
        timings["next tick (already reminded)"],
    )
    floor = repeat + batch
    rows = queued(uow_factory, "bench:queued")
    print(f"claims for {ASSESSMENTS * ROLES:,} people")
    if single_too:
        single = claims(uow_factory, "bench:single", batched=False)
        print(f"  a transaction per person             {single:7.2f} s")
    print(f"  batched (one statement)              {batch:7.2f} s")
    print(
        f"at the slot {at_slot:.2f} s vs floor {floor:.2f} s (repeat tick {repeat:.2f} s "
        f"+ batched claims {batch:.2f} s): {at_slot / floor:.2f}x the floor"
    )
    print(f"  their reminders queued (one call)    {rows:7.2f} s")
    print(
        f"at the slot vs the outbox floor {floor + rows:.2f} s (+ reminders queued): "
        f"{at_slot / (floor + rows):.2f}x"
    )
    label = "SQLite" if backend == "sqlite" else "PG"
    result(
        f"reminder sweep at the slot, {ASSESSMENTS * ROLES:,} people ({label})",
        at_slot,
        floor,
        "s",
        note="floor: the repeat tick + one batched claim",
    )
    result(
        f"reminder sweep at the slot, vs outbox floor ({label})",
        at_slot,
        floor + rows,
        "s",
        goal=None,
        note="floor: the repeat tick + one batched claim + 10,000 reminders queued in one call",
    )
    engine.dispose()


if __name__ == "__main__":
    main()
