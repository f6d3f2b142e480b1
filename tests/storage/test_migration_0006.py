"""Migration 0006 adds the adaptive questioning setting: assessments started before it keep
asking every question; new ones store what they are given. Down and up again keeps it so."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine

from storage.engine import make_engine
from storage.migrate import alembic_config, upgrade
from storage.uow import make_uow_factory
from tests.storage.helpers import TEAM_A, new_assessment


def _started_before(url: str) -> Engine:
    """A database at 0005 holding one assessment, then upgraded."""
    upgrade(url, "0005")
    engine = make_engine(url)
    with engine.begin() as connection:  # the 0005 schema has no column for the setting
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
            assert old.adaptive is False
            new = new_assessment(uow, name="New", adaptive=True)
            uow.commit()
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        upgrade(engine)
        with factory() as uow:
            assert {a.name: a.adaptive for a in uow.assessments.list(TEAM_A)} == {
                "Old": False,
                new.name: False,  # a downgrade forgets the setting: back to asking everything
            }
    finally:
        engine.dispose()


def test_sqlite_existing_assessments_keep_asking_everything(sqlite_url: str) -> None:
    _check(sqlite_url)


@pytest.mark.postgres
def test_postgres_existing_assessments_keep_asking_everything(postgres_url: str) -> None:
    _check(postgres_url)
