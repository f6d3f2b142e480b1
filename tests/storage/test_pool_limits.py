"""The pool's limits come from the settings; by default a connection per thread that uses the
database at once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.pool import QueuePool

from bot.config.settings import load_settings
from bot.wiring.bootstrap import pool_limits
from storage.engine import PoolLimits, make_engine


def test_the_engine_gets_the_pool_size_overflow_and_timeout_from_settings() -> None:
    settings = load_settings(
        database_url="postgresql://bot@127.0.0.1:1/maturity",  # never connected to here
        database_pool_size=12,
        database_max_overflow=3,
        database_pool_timeout_seconds=7.5,
    )
    engine = make_engine(settings.database_url, pool=pool_limits(settings))
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool.timeout(), pool._max_overflow) == (12, 7.5, 3)


def test_by_default_the_pool_keeps_a_connection_per_thread_using_the_database() -> None:
    """Listener threads and delivery workers: a smaller pool closed what a burst of clicks
    opened, and opened them again at the next."""
    settings = load_settings(listener_threads=10, delivery_workers=4, database_pool_size="")
    assert pool_limits(settings) == PoolLimits(size=14, max_overflow=10, timeout_seconds=30.0)
    assert pool_limits(load_settings(database_pool_size=3)).size == 3


def test_a_sqlite_file_keeps_the_pool_limits_and_memory_ignores_them(tmp_path: Path) -> None:
    limits = PoolLimits(size=12, max_overflow=3, timeout_seconds=7.5)
    pool = make_engine(f"sqlite:///{tmp_path / 'bot.sqlite3'}", pool=limits).pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool.timeout(), pool._max_overflow) == (12, 7.5, 3)
    # An in-memory SQLite pool takes no size at all: passing one would raise.
    engine = make_engine("sqlite://", pool=limits)
    assert not isinstance(engine.pool, QueuePool)
