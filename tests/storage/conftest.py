"""Storage fixtures: SQLite files, an isolated PostgreSQL schema per test session, and backends.

PostgreSQL tests read TEST_POSTGRES_URL (default: the local `test` database) and are skipped when
it cannot be reached, unless REQUIRE_POSTGRES=1 (as in CI), which makes them fail instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from questionnaire.ports import UnitOfWork
from storage.engine import DatabaseUnavailable, check_database, make_engine
from storage.migrate import upgrade
from storage.records import Base
from storage.uow import make_uow_factory
from tests.fakes import MemoryStore

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SESSION_TOKEN = f"{os.getpid()}_{secrets.token_hex(3)}"


@dataclass
class Backend:
    """A storage implementation under test; `url` is set for the SQL ones."""

    name: str
    factory: Callable[[], UnitOfWork]
    url: str | None = None
    engine: Engine | None = None


def _with_schema(url: str, schema: str) -> str:
    parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The reachable PostgreSQL URL, or skip (fail under REQUIRE_POSTGRES=1)."""
    url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    engine = make_engine(url, connect_args={"connect_timeout": 3})
    try:
        check_database(engine)
    except DatabaseUnavailable as error:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL is unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable (set TEST_POSTGRES_URL): {error}")
    finally:
        engine.dispose()
    return url


class _Schemas:
    """Creates uniquely named schemas and drops them all at the end of the session."""

    def __init__(self, server_url: str, prefix: str = "mb_test") -> None:
        self.admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
        self.prefix = prefix  # one per session fixture: their names never meet
        self.server_url = server_url
        self.names: dict[str, str] = {}  # url -> schema name
        self.count = 0

    def create(self) -> str:
        self.count += 1
        name = f"{self.prefix}_{SESSION_TOKEN}_{self.count}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        url = _with_schema(self.server_url, name)
        self.names[url] = name
        return url

    def drop(self, url: str) -> None:
        name = self.names.pop(url)
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))

    def drop_all(self) -> None:
        for url in list(self.names):
            self.drop(url)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_schemas(postgres_server: str) -> Iterator[_Schemas]:
    schemas = _Schemas(postgres_server)
    yield schemas
    schemas.drop_all()


@pytest.fixture
def postgres_url(postgres_schemas: _Schemas) -> Iterator[str]:
    """A URL whose search_path is a fresh, empty schema of its own (dropped afterwards)."""
    url = postgres_schemas.create()
    yield url
    postgres_schemas.drop(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of an empty SQLite file."""
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_migrated(postgres_schemas: _Schemas) -> str:
    url = postgres_schemas.create()
    upgrade(url)
    return url


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _sql(request: pytest.FixtureRequest, name: str, tmp_path: Path) -> Backend:
    if name == "sqlite":
        path = tmp_path / "bot.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("_postgres_migrated")
    engine = make_engine(url)
    if name == "postgres":
        _truncate(engine)
    return Backend(name, make_uow_factory(engine), url, engine)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each storage implementation, migrated and empty."""
    if request.param == "memory":
        yield Backend("memory", MemoryStore().uow_factory())
        return
    chosen = _sql(request, request.param, tmp_path)
    yield chosen
    assert chosen.engine is not None
    chosen.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The SQL implementations only (statement counts, engines of their own)."""
    chosen = _sql(request, request.param, tmp_path)
    yield chosen
    assert chosen.engine is not None
    chosen.engine.dispose()
