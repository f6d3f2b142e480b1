"""Migration 0012 adds the workspace_admins table to a database with data: nothing else changes,
the list starts empty (every workspace on its defaults), and down and up again empties it."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine

from storage.engine import make_engine
from storage.migrate import alembic_config, upgrade
from storage.uow import make_uow_factory
from tests.storage.helpers import TEAM_A, at, old_assessment


def _with_data_at_0011(url: str) -> Engine:
    """A database at 0011 holding an assessment, then upgraded."""
    upgrade(url, "0011")
    engine = make_engine(url)
    old_assessment(engine, name="Before")  # today's records have columns 0011 lacks
    upgrade(engine)
    return engine


def _check(url: str) -> None:
    engine = _with_data_at_0011(url)
    try:
        factory = make_uow_factory(engine)
        with factory() as uow:
            assert [a.name for a in uow.assessments.list(TEAM_A)] == ["Before"]
            assert uow.admins.list(TEAM_A) == []
            uow.admins.add(TEAM_A, ["UADA"], "UINSTALL", at(0))
            uow.commit()
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0011")
        upgrade(engine)
        with factory() as uow:
            assert uow.admins.list(TEAM_A) == []  # a downgrade forgets the list: defaults again
            assert [a.name for a in uow.assessments.list(TEAM_A)] == ["Before"]
    finally:
        engine.dispose()


def test_sqlite_adds_an_empty_admin_list(sqlite_url: str) -> None:
    _check(sqlite_url)


@pytest.mark.postgres
def test_postgres_adds_an_empty_admin_list(postgres_url: str) -> None:
    _check(postgres_url)
