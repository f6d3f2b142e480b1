"""Three projects of the bundled framework, one of them assessed twice, in any store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from questionnaire.domain import Answer, Assessment, AssessmentStatus, Evidence, EvidenceKind
from questionnaire.ports import UnitOfWork
from tests.summary.helpers import PEOPLE, START, assessment, framework, staircase

TEAM = "T0STANDIN"
COMMENT = "Ask Dana about the fraud-rules wiki"  # free text that must never leave in a benchmark
OTHER_TEAM = "T0OTHER"
# (name, project, days after START, closed, staircase level, team)
PLAN = (
    ("Fraud 2025", "Fraud detection", 0, True, 1, TEAM),
    ("Fraud 2026", "fraud DETECTION", 30, False, 2, TEAM),
    ("Churn spring review", "Churn <b>model</b>", 10, True, 3, TEAM),
    ("Search ranking Q1", "Search ranking", 20, True, 0, TEAM),
    ("Elsewhere", "Secret project", 5, True, 4, OTHER_TEAM),
)


def seed_projects(uow_factory: Callable[[], UnitOfWork]) -> list[Assessment]:
    """Store the PLAN's assessments with staircase answers (and evidence where required)."""
    fw = framework()
    stored = []
    with uow_factory() as uow:
        uow.frameworks.save(fw)
        for name, project, days, closed, level, team in PLAN:
            at = START + timedelta(days=days)
            added = uow.assessments.add(
                replace(
                    assessment(fw, name=name, project=project, created_at=at, team_id=team),
                    id=None,
                )
            )
            assert added.id is not None
            _answer(uow, added, staircase(fw, level) if level else _nothing_met())
            first = next(fw.requirements()).requirement.id
            uow.answers.set_comment(team, added.id, first, f"{COMMENT} {name}", PEOPLE[1], at)
            if closed:
                added = replace(
                    added, status=AssessmentStatus.COMPLETED, closed_at=at + timedelta(days=7)
                )
                uow.assessments.update(added, added.lead_id, at + timedelta(days=7))
            stored.append(added)
        uow.commit()
    return stored


def _nothing_met() -> dict[str, Answer]:
    return {loc.requirement.id: Answer.NOT_MET for loc in framework().requirements()}


def _answer(uow: UnitOfWork, a: Assessment, answers: dict[str, Answer]) -> None:
    assert a.id is not None
    fw = framework()
    for rid, answer in answers.items():
        uow.answers.record(a.team_id, a.id, rid, answer, PEOPLE[0], a.created_at)
        if fw.locate(rid).requirement.evidence.required:
            proof = Evidence(
                a.id, rid, EvidenceKind.LINK, PEOPLE[0], a.created_at, url="https://x.example/p"
            )
            uow.evidence.add(a.team_id, proof)
