"""Builders shared by the storage tests: frameworks of any size and stored assessments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWork

if TYPE_CHECKING:
    from sqlalchemy import Engine

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
TEAM_A = "T0AAAAAAA"
TEAM_B = "T0BBBBBBB"


def at(minutes: int) -> datetime:
    """T0 plus some minutes."""
    return T0 + timedelta(minutes=minutes)


def make_framework(requirements: int = 6, version: str = "1") -> Framework:
    """A valid framework with `requirements` requirements R000.. spread over two roles."""
    reqs: list[dict[str, Any]] = [
        {
            "id": f"R{i:03d}",
            "level": 1 + i % 3,
            "text": f"Requirement {i}",
            "guidance": "Look for it.",
            "theme": "process",
            "role": "dev" if i % 2 else "ops",
            "evidence": {"required": i % 4 == 0},
        }
        for i in range(requirements)
    ]
    return Framework.model_validate(
        {
            "id": "test-fw",
            "version": version,
            "title": {"en": "Test framework", "zh": "测试"},
            "levels": [
                {"number": n, "key": key, "name": key.title()}
                for n, key in ((1, "basic"), (2, "good"), (3, "great"))
            ],
            "roles": [{"key": "dev", "name": "Developer"}, {"key": "ops", "name": "Operator"}],
            "domains": [
                {
                    "id": "D1",
                    "name": "Domain",
                    "items": [
                        {
                            "id": "I1",
                            "name": "Item",
                            "subitems": [{"id": "S1", "name": "Sub", "requirements": reqs}],
                        }
                    ],
                }
            ],
        }
    )


def new_assessment(
    uow: UnitOfWork,
    team_id: str = TEAM_A,
    name: str = "Q1 review",
    framework: Framework | None = None,
    created_at: datetime = T0,
    **fields: Any,
) -> Assessment:
    """Save the framework and add an assessment on it (not committed)."""
    framework = framework or make_framework()
    content_hash = uow.frameworks.save(framework)
    values: dict[str, Any] = {
        "team_id": team_id,
        "name": name,
        "project": "Fraud model",
        "framework_id": framework.id,
        "framework_version": framework.version,
        "framework_hash": content_hash,
        "lead_id": "ULEAD",
        "channel_id": "C0001",
        "created_at": created_at,
        "roles": {"dev": ["UDEV1", "UDEV2"], "ops": ["UOPS"]},
    }
    values.update(fields)
    return uow.assessments.add(Assessment(**values))


def old_assessment(engine: Engine, name: str = "Q1 review") -> int:
    """Insert an assessment with only the columns every schema since 0006 has (for tests that
    fill a database at an older revision: the ORM would also write columns added later, such as
    0018's channel_locale). Returns its id."""
    from storage.records import AssessmentRecord
    from storage.uow import make_uow_factory

    framework = make_framework()
    with make_uow_factory(engine)() as uow:
        content_hash = uow.frameworks.save(framework)
        uow.commit()
    with engine.begin() as connection:
        inserted = connection.execute(
            AssessmentRecord.__table__.insert().values(
                team_id=TEAM_A,
                name=name,
                name_key=name.casefold(),
                project="Fraud model",
                framework_id=framework.id,
                framework_version=framework.version,
                framework_hash=content_hash,
                lead_id="ULEAD",
                channel_id="C0001",
                evidence_policy="strict",
                reminder_policy=ReminderPolicy().model_dump_json(),
                adaptive=False,
                status="active",
                created_at=T0,
            )
        )
        key = inserted.inserted_primary_key
    assert key is not None
    return int(key[0])
