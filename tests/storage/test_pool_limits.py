"""The PostgreSQL pool's limits come from the settings; SQLite ignores them."""

from __future__ import annotations

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


def test_sqlite_ignores_the_pool_limits() -> None:
    # An in-memory SQLite pool takes no size at all: passing one would raise.
    engine = make_engine("sqlite://", pool=PoolLimits(size=12, max_overflow=3))
    assert not isinstance(engine.pool, QueuePool)
