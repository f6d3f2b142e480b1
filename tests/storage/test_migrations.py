"""Migrations build the schema from empty, match the models, and engines are set up safely."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage.engine import DatabaseUnavailable, check_database, make_engine, normalise_url
from storage.migrate import head_revision, upgrade
from storage.records import Base
from storage.revision import database_revision, shipped_head

# slack_sdk's installation and OAuth state stores own these (OAuth mode): no model of ours.
SLACK_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}
EXPECTED_TABLES = (
    {table.name for table in Base.metadata.sorted_tables} | {"alembic_version"} | SLACK_TABLES
)


def _ours(name: str | None, kind: str, parent: object) -> bool:
    return not (kind == "table" and name in SLACK_TABLES)


def _migrate_and_compare(url: str) -> None:
    engine = make_engine(url)
    try:
        assert database_revision(engine) is None
        upgrade(url)
        upgrade(engine)  # a second run is a no-op
        assert database_revision(engine) == shipped_head() == head_revision()
        assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
        with engine.connect() as connection:
            opts = {"compare_type": True, "include_name": _ours}
            context = MigrationContext.configure(connection, opts=opts)
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_sqlite_migrates_from_empty_without_drift(sqlite_url: str) -> None:
    _migrate_and_compare(sqlite_url)


@pytest.mark.postgres
def test_postgres_migrates_from_empty_without_drift(postgres_url: str) -> None:
    _migrate_and_compare(postgres_url)


def test_sqlite_engine_enforces_foreign_keys_and_uses_wal(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000
    finally:
        engine.dispose()


def test_plain_postgres_urls_get_the_psycopg_driver() -> None:
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(ValueError, match="unsupported"):
        make_engine("mysql://u@h/db")


def test_unreachable_database_names_host_and_database_but_not_the_password() -> None:
    # Port 9 (discard) on localhost: nothing listens there, so the connection is refused at once.
    engine = make_engine(
        "postgresql+psycopg://bot:s3cret-pw@127.0.0.1:9/assessments",
        connect_args={"connect_timeout": 2},
    )
    with pytest.raises(DatabaseUnavailable) as caught:
        check_database(engine)
    message = str(caught.value)
    assert "127.0.0.1:9" in message and "assessments" in message
    assert "s3cret-pw" not in message
    assert "s3cret-pw" not in repr(caught.value.__cause__) + repr(caught.value.__context__)
