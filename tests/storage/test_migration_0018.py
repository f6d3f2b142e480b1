"""Migration 0018 adds the channel language: assessments started before it keep none (their
posts read the workspace's default); new ones store the locale they are given. Down
and up again forgets it."""

from __future__ import annotations

import pytest
from alembic import command

from storage.migrate import alembic_config, upgrade
from storage.uow import make_uow_factory
from tests.storage.helpers import TEAM_A, new_assessment, upgraded_from


def _check(url: str) -> None:
    engine = upgraded_from(url, "0016")
    try:
        factory = make_uow_factory(engine)
        with factory() as uow:
            [old] = uow.assessments.list(TEAM_A)
            assert old.channel_locale is None
            new = new_assessment(uow, name="New", channel_locale="zh-CN")
            uow.commit()
        with factory() as uow:
            assert {a.name: a.channel_locale for a in uow.assessments.list(TEAM_A)} == {
                "Old": None,
                "New": "zh-CN",
            }
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0016")
        upgrade(engine)
        with factory() as uow:
            assert {a.name: a.channel_locale for a in uow.assessments.list(TEAM_A)} == {
                "Old": None,
                new.name: None,  # a downgrade forgets the language: back to the default
            }
    finally:
        engine.dispose()


def test_sqlite_channel_language_kept_and_defaulted(sqlite_url: str) -> None:
    _check(sqlite_url)


@pytest.mark.postgres
def test_postgres_channel_language_kept_and_defaulted(postgres_url: str) -> None:
    _check(postgres_url)
