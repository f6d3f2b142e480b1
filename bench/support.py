"""What the benchmarks share: a throw-away PostgreSQL schema, percentiles, a round-trip counter,
and the one machine-readable line each measurement prints for `bench/run.py` to gather."""

from __future__ import annotations

import json
import math
import os
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

from storage.engine import DatabaseUnavailable, check_database, make_engine

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
RESULT = "RESULT "  # the prefix of the lines bench/run.py gathers


def result(
    measure: str,
    now: float,
    floor: float,
    unit: str,
    *,
    goal: float | None = 1.3,
    target: float | None = None,
    higher_is_better: bool = False,
    note: str = "",
) -> None:
    """Print one row of the table: what we measured and its floor, measured in the same run.
    `goal`: the ratio asked for, now/floor (floor/now when `higher_is_better`); None: none.
    `target`: an absolute value now must stay under (start-up, memory, summary, round trips)."""
    row: dict[str, object] = {"measure": measure, "now": now, "floor": floor, "unit": unit}
    row |= {"goal": goal, "target": target, "higher": higher_is_better, "note": note}
    print(RESULT + json.dumps(row), flush=True)


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0..1) percentile by nearest rank (p99 of 50 values is the slowest)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@contextmanager
def postgres_schema(base: str = POSTGRES_URL) -> Iterator[str | None]:
    """A URL whose search_path is a fresh schema on the test server, dropped afterwards; None
    (with a message) when the server is unreachable."""
    admin = make_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        check_database(admin)
    except DatabaseUnavailable as error:
        print(f"PostgreSQL skipped: {error}")
        admin.dispose()
        yield None
        return
    schema = f"mb_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database(backend: str) -> Iterator[str | None]:
    """A URL of an empty database: a temporary SQLite file, or a PostgreSQL schema (None when
    the server is unreachable)."""
    if backend == "postgresql":
        with postgres_schema() as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"


class RoundTrips:
    """Counts the round trips to PostgreSQL of every connection opened after it starts (what
    the server's statement log would show, BEGIN and COMMIT included): libpq traces each
    connection's protocol to a file, and every ReadyForQuery ends a round trip."""

    def __init__(self) -> None:
        self._file = tempfile.NamedTemporaryFile("w+", suffix=".trace")  # noqa: SIM115
        self._mark = 0
        event.listen(Pool, "connect", self._trace)

    def _trace(self, dbapi_connection: Any, _record: Any) -> None:
        pgconn = getattr(dbapi_connection, "pgconn", None)
        if pgconn is None:  # not psycopg (SQLite): nothing goes over a network
            return
        from psycopg import pq

        pgconn.trace(self._file.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def mark(self) -> None:
        """Start counting from here."""
        self._file.flush()
        self._mark = os.path.getsize(self._file.name)

    def since_mark(self) -> int:
        """Round trips since `mark()`."""
        self._file.flush()
        with open(self._file.name) as trace:
            trace.seek(self._mark)
            return sum(1 for line in trace if "\tReadyForQuery\t" in line)

    def close(self) -> None:
        event.remove(Pool, "connect", self._trace)
        self._file.close()
