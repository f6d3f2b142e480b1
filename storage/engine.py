"""Engine construction for SQLite and PostgreSQL (psycopg 3), and a reachability check."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from .errors import DatabaseUnavailable, DatabaseUrlError

__all__ = ["DatabaseUnavailable", "DatabaseUrlError"]  # re-exported: where callers found them

SQLITE_BUSY_TIMEOUT_SECONDS = 15.0
# A pooled PostgreSQL connection idle longer than this is pinged before it is handed out (a
# server restart, a proxy's idle timeout); one used moments ago is not: a ping per transaction
# would be a round trip more on every click.
PING_AFTER_IDLE_SECONDS = 5.0


def is_database_down(error: BaseException) -> bool:
    """True when `error` means the database could not be reached or used (server down, connection
    lost, SQLite locked past its busy timeout), as opposed to a bug in a query."""
    return isinstance(error, (OperationalError, InterfaceError, DatabaseUnavailable)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def normalise_url(url: str | URL) -> URL:
    """Parse `url`; plain `postgres://` / `postgresql://` URLs get the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(
            "DATABASE_URL is not a database URL: use sqlite:///path/to/file.sqlite3 or "
            "postgresql://user@host/database"
        ) from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


@dataclass(frozen=True, slots=True)
class PoolLimits:
    """A PostgreSQL connection pool's size: kept open, extra under load, and the wait for one."""

    size: int = 5
    max_overflow: int = 10
    timeout_seconds: float = 30.0


def make_engine(url: str | URL, *, pool: PoolLimits | None = None, **kwargs: Any) -> Engine:
    """An engine for `url`: SQLite gets foreign keys, WAL and a busy timeout; PostgreSQL psycopg 3.
    Both keep `pool`'s limits (an in-memory SQLite database has one shared connection)."""
    parsed = normalise_url(url)
    backend = parsed.get_backend_name()
    limits = (
        {
            "pool_size": pool.size,
            "max_overflow": pool.max_overflow,
            "pool_timeout": pool.timeout_seconds,
        }
        if pool is not None
        else {}
    )
    if backend == "sqlite":
        if not _in_memory(parsed):  # one shared connection there: no pool to size
            kwargs |= limits
        return _sqlite_engine(parsed, **kwargs)
    if backend == "postgresql":
        kwargs |= limits
        # The connection used last goes out first: the others idle (and are pinged before
        # use, see PING_AFTER_IDLE_SECONDS) only when the load needs them.
        if "poolclass" not in kwargs:
            kwargs.setdefault("pool_use_lifo", True)
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("application_name", "maturity-bot")
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            ping_when_idle(engine, PING_AFTER_IDLE_SECONDS)
        return engine
    raise DatabaseUrlError(
        f"unsupported database {backend!r} in DATABASE_URL: use sqlite or postgresql"
    )


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before handing it out only when it sat unused for longer than
    `idle_seconds`; a dead one is replaced (the pool retries the checkout)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since <= idle_seconds:
            return  # new, or used moments ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"pooled connection is dead: {error}") from error


def _in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or "mode=memory" in str(url)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    in_memory = _in_memory(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (it skips BEGIN before SELECT
        # and SAVEPOINT); SQLAlchemy's "begin" event below emits it instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: transactions serialise (waiting up to the busy
        # timeout) instead of failing when a reader later tries to write. What `reading` gives
        # begins DEFERRED: a read then waits for no writer (WAL), nor a writer for it.
        mode = connection.get_execution_options().get(_SQLITE_BEGIN, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


_SQLITE_BEGIN = "maturity_sqlite_begin"


def reading(engine: Engine) -> Engine:
    """`engine` for what only reads, or changes with one statement (a claim, a compare-and-set):
    on PostgreSQL outside a transaction (no BEGIN and COMMIT round trips; at READ COMMITTED each
    statement of a read-only transaction sees its own snapshot anyway), on SQLite in a deferred
    transaction (a read takes no write lock; a single write statement takes it when it starts)."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED"})
    return engine


def describe(engine: Engine) -> str:
    """`backend://host:port/database` of `engine`, without user name or password."""
    url = engine.url
    where = url.host or ""
    if url.port:
        where += f":{url.port}"
    return f"{url.get_backend_name()}://{where}/{url.database or ''}"


def check_database(engine: Engine) -> None:
    """Run `SELECT 1`; raise DatabaseUnavailable naming host and database when it fails."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DBAPIError, SQLAlchemyError, OSError) as error:
        reason = _reason(error)
        password = engine.url.password
        if password:
            reason = reason.replace(str(password), "***")
        raise DatabaseUnavailable(
            f"cannot reach the database {describe(engine)}: {reason}"
        ) from None


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__
