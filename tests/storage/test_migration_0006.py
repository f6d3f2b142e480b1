"""Migration 0006 adds the adaptive questioning setting: assessments started before it keep
asking every question; new ones store what they are given. Down and up again keeps it so."""

from __future__ import annotations

import pytest
from alembic import command

from storage.migrate import alembic_config, upgrade
from storage.uow import make_uow_factory
from tests.storage.helpers import TEAM_A, new_assessment, upgraded_from


def _check(url: str) -> None:
    engine = upgraded_from(url, "0005")
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
