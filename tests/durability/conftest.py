"""Fixtures: a Slack stand-in in the test process, and bots run as real `serve` processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devkit.standin import SlackStandIn
from storage.migrate import upgrade
from tests.storage.conftest import _Schemas, postgres_server  # noqa: F401 (a fixture)

from .ledger import Ledger
from .process import BotProcess

BotFactory = Callable[..., BotProcess]


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def frameworks(tmp_path: Path) -> Path:
    """Where a test writes its framework (journey.write_framework)."""
    return tmp_path / "frameworks"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.sqlite3'}"


@pytest.fixture
def running() -> list[BotProcess]:
    """The bot processes a test made (see `bots`), whichever fixture stops them first."""
    return []


@pytest.fixture
def bots(
    slack: SlackStandIn, frameworks: Path, tmp_path: Path, running: list[BotProcess]
) -> Iterator[BotFactory]:
    """Makes bot processes (not started) on a database URL; all are killed at the end."""
    made = running

    def make(database_url: str, **env: str) -> BotProcess:
        workdir = tmp_path / f"bot{len(made) + 1}"
        workdir.mkdir()
        bot = BotProcess(slack, database_url, workdir, frameworks, env)
        made.append(bot)
        return bot

    yield make
    for bot in made:
        bot.close()


@pytest.fixture
def ledger(sqlite_url: str) -> Iterator[Ledger]:
    found = Ledger(sqlite_url)
    yield found
    found.close()


@pytest.fixture(scope="session")
def durability_schemas(postgres_server: str) -> Iterator[_Schemas]:  # noqa: F811
    schemas = _Schemas(postgres_server, prefix="mb_durability")
    yield schemas
    schemas.drop_all()


@pytest.fixture
def postgres_url(durability_schemas: _Schemas, running: list[BotProcess]) -> Iterator[str]:
    """A fresh PostgreSQL schema, migrated (as `db upgrade` does before processes start). The
    test's bot processes are killed before it is dropped, whatever order the test asked for
    its fixtures in: a process still sweeping holds locks the drop needs (PostgreSQL then
    reports a deadlock)."""
    url = durability_schemas.create()
    upgrade(url)
    yield url
    for bot in running:
        bot.close()
    durability_schemas.drop(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """A SQLite file, or a fresh PostgreSQL schema (skipped without PostgreSQL)."""
    return sqlite_url if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))
