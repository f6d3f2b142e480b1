"""Migration 0016 adds an assessment's scope: assessments started before it leave no domain out;
new ones store the domains they leave out. Down and up again puts every domain back in scope."""

from __future__ import annotations

import pytest
from alembic import command

from storage.migrate import alembic_config, upgrade
from storage.uow import make_uow_factory
from tests.storage.helpers import TEAM_A, new_assessment, upgraded_from


def _check(url: str) -> None:
    engine = upgraded_from(url, "0015")
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
