"""Migration 0016 adds an assessment's scope: assessments started before it leave no domain out;
new ones store the domains they leave out. Down and up again puts every domain back in scope."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine

from storage.engine import make_engine
from storage.migrate import alembic_config, upgrade
from storage.uow import make_uow_factory
from tests.storage.helpers import TEAM_A, new_assessment


def _started_before(url: str) -> Engine:
    """A database at 0015 holding one assessment, then upgraded."""
    upgrade(url, "0015")
    engine = make_engine(url)
    with engine.begin() as connection:  # the 0015 schema has no column for the scope
        connection.exec_driver_sql(
            "INSERT INTO framework_snapshots (content_hash, framework_id, version, body) "
            "VALUES ('h', 'fw', '1', '{}')"
        )
        connection.exec_driver_sql(
            "INSERT INTO assessments (team_id, name, name_key, project, framework_id, "
            "framework_version, framework_hash, lead_id, channel_id, evidence_policy, "
            "reminder_policy, status, created_at) VALUES ('" + TEAM_A + "', 'Old', 'old', 'p', "
            "'fw', '1', 'h', 'ULEAD', 'C1', 'strict', '{}', 'active', '2026-01-05 09:00:00')"
        )
    upgrade(engine)
    return engine


def _check(url: str) -> None:
    engine = _started_before(url)
    try:
        factory = make_uow_factory(engine)
        with factory() as uow:
            [old] = uow.assessments.list(TEAM_A)
            assert old.out_of_scope == ()
            new = new_assessment(uow, name="New", out_of_scope=("D2", "D3"))
            uow.commit()
        with factory() as uow:
            assert uow.assessments.get(TEAM_A, new.id or 0).out_of_scope == ("D2", "D3")
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0015")
        upgrade(engine)
        with factory() as uow:
            assert {a.name: a.out_of_scope for a in uow.assessments.list(TEAM_A)} == {
                "Old": (),
                "New": (),  # a downgrade forgets the scope: every domain is in scope again
            }
    finally:
        engine.dispose()


def test_sqlite_existing_assessments_leave_nothing_out(sqlite_url: str) -> None:
    _check(sqlite_url)


@pytest.mark.postgres
def test_postgres_existing_assessments_leave_nothing_out(postgres_url: str) -> None:
    _check(postgres_url)
