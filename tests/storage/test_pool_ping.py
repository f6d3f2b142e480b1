"""A pooled PostgreSQL connection is pinged before use only after sitting idle: one used moments
ago goes straight to work (a round trip less per transaction), one idle longer is checked and,
when the server dropped it, replaced before anyone uses it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

import storage.engine
from storage.engine import make_engine, ping_when_idle

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    made = make_engine(postgres_url, pool_size=1, max_overflow=0, pool_pre_ping=False)
    yield made
    made.dispose()


def _pings(engine: Engine) -> list[float]:
    """Record the moment of every ping the dialect sends."""
    seen: list[float] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        seen.append(time.monotonic())
        return ping(dbapi_connection)

    engine.dialect.do_ping = counted  # type: ignore[method-assign]
    return seen


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_used_moments_ago_is_not_pinged(engine: Engine) -> None:
    ping_when_idle(engine, 60.0)
    pings = _pings(engine)
    first = _backend_pid(engine)
    assert [_backend_pid(engine) for _ in range(3)] == [first] * 3
    assert pings == []


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    engine: Engine, postgres_url: str
) -> None:
    ping_when_idle(engine, 0.05)
    pings = _pings(engine)
    first = _backend_pid(engine)
    with make_engine(postgres_url).connect() as other:  # the server drops the pooled one
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    time.sleep(0.1)
    replaced = _backend_pid(engine)  # no error: the ping found it dead and a new one is used
    assert replaced != first and len(pings) == 1


def test_the_default_engine_replaces_a_dropped_idle_connection(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.engine, "PING_AFTER_IDLE_SECONDS", 0.05)
    engine = make_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        first = _backend_pid(engine)
        with make_engine(postgres_url).connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        time.sleep(0.1)
        assert _backend_pid(engine) != first
    finally:
        engine.dispose()
