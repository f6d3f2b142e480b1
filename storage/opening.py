"""Opening a database to read from it (reports): it must exist, answer and be migrated."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from .engine import check_database, describe, make_engine
from .errors import DatabaseMissing, DatabaseUnavailable
from .revision import database_revision, shipped_head


def sqlite_url(engine: Engine) -> str:
    """`sqlite:///path` as DATABASE_URL would spell it."""
    return f"sqlite:///{engine.url.database}"


def open_existing(url: str) -> Engine:
    """An engine on a database that exists, answers and is migrated to this code's newest
    revision; DatabaseMissing or DatabaseUnavailable saying precisely which it is not."""
    engine = make_engine(url)
    try:
        path = engine.url.database
        is_file = engine.url.get_backend_name() == "sqlite" and path not in (None, "", ":memory:")
        if is_file and not Path(str(path)).exists():
            raise DatabaseMissing(f"No database at {sqlite_url(engine)}")
        check_database(engine)
        current, head = database_revision(engine), shipped_head()
        if current is None:
            raise DatabaseUnavailable(
                f"the database {describe(engine)} has no tables (never migrated): "
                "run `maturity-bot db upgrade` with the same DATABASE_URL"
            )
        if current != head:
            raise DatabaseUnavailable(
                f"the database {describe(engine)} is at migration {current}, this version "
                f"needs {head}: run `maturity-bot db upgrade` with the same DATABASE_URL"
            )
    except BaseException:
        engine.dispose()
        raise
    return engine
