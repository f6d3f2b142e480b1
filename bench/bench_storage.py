"""Benchmark: statements and time to record one answer, and to load one person's next question.

Runs on a temporary SQLite file, and on PostgreSQL (TEST_POSTGRES_URL or the local `test`
database, in a throw-away schema) when it is reachable. A script, not a test:
    .venv/bin/python bench/bench_storage.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from questionnaire.domain import Answer, Assessment, Position
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWork
from storage.engine import DatabaseUnavailable, check_database, make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

REQUIREMENTS = 240
ROUNDS = 200
TEAM = "TBENCH"
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def framework(size: int) -> Framework:
    """A framework with `size` requirements over 10 items."""
    per_item = size // 10
    items = [
        {
            "id": f"I{i}",
            "name": f"Item {i}",
            "subitems": [
                {
                    "id": f"S{i}",
                    "name": f"Sub {i}",
                    "requirements": [
                        {
                            "id": f"R{i:02d}{j:03d}",
                            "level": 1 + j % 5,
                            "text": "Requirement text",
                            "guidance": "Guidance text",
                            "theme": "process",
                            "role": "dev",
                        }
                        for j in range(per_item)
                    ],
                }
            ],
        }
        for i in range(10)
    ]
    return Framework.model_validate(
        {
            "id": "bench",
            "version": "1",
            "title": "Bench",
            "levels": [{"number": n, "key": f"l{n}", "name": f"L{n}"} for n in range(1, 6)],
            "roles": [{"key": "dev", "name": "Developer"}],
            "domains": [{"id": "D", "name": "Domain", "items": items}],
        }
    )


def counting(engine: Engine) -> list[int]:
    """A one-element counter of statements sent on `engine`."""
    counter = [0]

    def before(*_args: Any) -> None:
        counter[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    return counter


def timed(action: Callable[[int], None]) -> float:
    """Median milliseconds of `action` over ROUNDS runs."""
    samples = []
    for round_number in range(ROUNDS):
        start = time.perf_counter()
        action(round_number)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bench(label: str, url: str) -> None:
    """Seed one assessment with every requirement answered, then measure."""
    upgrade(url)
    engine = make_engine(url)
    uow_factory = make_uow_factory(engine)
    fw = framework(REQUIREMENTS)
    ids = [loc.requirement.id for loc in fw.requirements()]
    with uow_factory() as uow:
        content_hash = uow.frameworks.save(fw)
        assessment = uow.assessments.add(
            Assessment(TEAM, "Bench", "Project", fw.id, fw.version, content_hash, "ULEAD", "C1", T0)
        )
        assert assessment.id is not None
        aid = assessment.id
        for requirement_id in ids:
            uow.answers.record(TEAM, aid, requirement_id, Answer.MET, "UDEV", T0)
        uow.positions.save(TEAM, Position(aid, "UDEV", "I0", 0, "D1", "1.1"))
        uow.commit()
    counter = counting(engine)
    answers = [Answer.PARTIAL, Answer.MET]

    def record(n: int) -> None:
        with uow_factory() as uow:
            when = T0 + timedelta(seconds=n)
            uow.answers.record(TEAM, aid, ids[n % len(ids)], answers[n % 2], "UDEV", when)
            uow.commit()

    def load(_n: int) -> None:
        with uow_factory() as uow:
            states = uow.answers.states(TEAM, aid)
            uow.positions.get(TEAM, aid, "UDEV")
            assert len(states) == REQUIREMENTS

    def statements(work: Callable[[UnitOfWork], object]) -> int:
        """Statements `work` sends inside an already open transaction (no BEGIN counted)."""
        with uow_factory() as uow:
            uow.assessments.active_teams()
            counter[0] = 0
            work(uow)
            return counter[0]

    record_statements = statements(
        lambda uow: uow.answers.record(TEAM, aid, ids[0], Answer.NOT_MET, "UDEV", T0)
    )
    load_statements = statements(
        lambda uow: (uow.answers.states(TEAM, aid), uow.positions.get(TEAM, aid, "UDEV"))
    )
    rows = (
        ("record one answer + history row", record_statements, record),
        ("load states + position", load_statements, load),
    )
    for name, count, action in rows:
        action(0)  # warm the connection pool and statement caches
        median = timed(action)
        print(f"{label:<10} {name:<32} {count:>2} statements  {median:6.2f} ms median")
    engine.dispose()


def postgres_url() -> tuple[str, Engine, str] | None:
    """A throw-away schema on the test server, or None when it is unreachable."""
    base = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    admin = make_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        check_database(admin)
    except DatabaseUnavailable as error:
        print(f"PostgreSQL skipped: {error}")
        admin.dispose()
        return None
    schema = f"mb_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), admin, schema


def main() -> None:
    print(
        f"{REQUIREMENTS} requirements answered; median of {ROUNDS} runs, each its own transaction"
    )
    with tempfile.TemporaryDirectory() as folder:
        bench("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}")
    found = postgres_url()
    if found is not None:
        url, admin, schema = found
        try:
            bench("postgresql", url)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
