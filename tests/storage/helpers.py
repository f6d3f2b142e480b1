"""Builders shared by the storage tests: frameworks of any size and stored assessments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWork

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


def old_assessment(engine: Engine, name: str = "Before", team_id: str = TEAM_A) -> int:
    """Insert an assessment with the columns every schema since 0001 has (for migration tests
    at an old revision, where the records of today's schema cannot be used); its id."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO framework_snapshots (content_hash, framework_id, version, body) "
                "SELECT 'h', 'fw', '1', '{}' WHERE NOT EXISTS "
                "(SELECT 1 FROM framework_snapshots WHERE content_hash = 'h')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO assessments (team_id, name, name_key, project, framework_id, "
                "framework_version, framework_hash, lead_id, channel_id, evidence_policy, "
                "reminder_policy, status, created_at) VALUES (:team, :name, :key, 'p', 'fw', '1', "
                "'h', 'ULEAD', 'C1', 'strict', '{}', 'active', :created)"
            ),
            {"team": team_id, "name": name, "key": name.casefold(), "created": T0},
        )
        found = connection.execute(
            text("SELECT id FROM assessments WHERE team_id = :team AND name = :name"),
            {"team": team_id, "name": name},
        ).scalar_one()
    return int(found)


def upgraded_from(url: str, revision: str) -> Engine:
    """A database at `revision` holding one assessment ("Old", inserted with that schema's
    columns), then upgraded to the head: what a migration meets in a running deployment."""
    from storage.engine import make_engine
    from storage.migrate import upgrade

    upgrade(url, revision)
    engine = make_engine(url)
    old_assessment(engine, "Old")
    upgrade(engine)
    return engine
