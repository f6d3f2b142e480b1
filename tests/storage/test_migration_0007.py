"""Migration 0007: question pages are remembered beside the evidence requests of old (whose
threads keep working), and queued evidence requests and DM confirmations, which this version
no longer sends or reads, are deleted unless already delivered (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import Engine, select

from questionnaire.domain import Position, ThreadAnchor
from storage.engine import make_engine
from storage.migrate import alembic_config, upgrade
from storage.records import EvidencePromptRecord, OutboxRecord
from storage.uow import make_uow_factory

from .helpers import TEAM_A, old_assessment

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# (key, kind, delivered, given up)
ENTRIES = [
    ("evidence:1:R001", "evidence_request", False, False),  # waiting: deleted
    ("added:5", "evidence_added", False, True),  # given up: deleted (a retry could not read it)
    ("evidence:1:R002", "evidence_request", True, False),  # delivered: kept, never read again
    ("reply:Ev1", "note", False, False),  # anything else: kept
]


def _at_0006_with_old_rows(url: str) -> tuple[Engine, int]:
    upgrade(url, "0006")
    engine = make_engine(url)
    aid = old_assessment(engine)  # the records of today's schema have columns 0006 lacks
    with engine.begin() as connection:
        connection.execute(
            EvidencePromptRecord.__table__.insert().values(
                team_id=TEAM_A,
                channel_id="D1",
                message_ts="5.5",
                assessment_id=aid,
                requirement_id="R001",
            )
        )
        for key, kind, delivered, given_up in ENTRIES:
            connection.execute(
                OutboxRecord.__table__.insert().values(
                    team_id=TEAM_A,
                    key=key,
                    kind=kind,
                    body="{}",
                    priority=1,
                    version=1,
                    attempts=1,
                    created_at=AT,
                    due_at=AT,
                    sent_at=AT if delivered else None,
                    given_up_at=AT if given_up else None,
                )
            )
    return engine, aid


def _check_upgraded(engine: Engine, aid: int) -> None:
    with engine.connect() as connection:
        keys = connection.scalars(select(OutboxRecord.key).order_by(OutboxRecord.key)).all()
    assert keys == ["evidence:1:R002", "reply:Ev1"]
    page = Position(aid, "UDEV1", "I1", 0, "D1", "6.6")
    with make_uow_factory(engine)() as uow:
        assert uow.prompts.find(TEAM_A, "D1", "5.5") == ThreadAnchor(aid, requirement_id="R001")
        uow.prompts.save_page(TEAM_A, page)
        uow.commit()
    with make_uow_factory(engine)() as uow:
        assert uow.prompts.find(TEAM_A, "D1", "6.6") == ThreadAnchor(aid, page)


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_pages_join_old_prompts_and_retired_entries_go(
    database: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(f"{database}_url")
    engine, aid = _at_0006_with_old_rows(url)
    try:
        upgrade(engine)
        _check_upgraded(engine, aid)

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        with engine.connect() as connection:
            kept = (
                connection.execute(select(EvidencePromptRecord.__table__.c.message_ts))
                .scalars()
                .all()
            )
        assert kept == ["5.5"]  # the page row is forgotten, the old prompt stays
        upgrade(engine)
        with make_uow_factory(engine)() as uow:
            assert uow.prompts.find(TEAM_A, "D1", "5.5") == ThreadAnchor(aid, requirement_id="R001")
    finally:
        engine.dispose()
