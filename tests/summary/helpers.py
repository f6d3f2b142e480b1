"""Builders of assessment views over the bundled frameworks, without storage."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from functools import cache

from questionnaire.domain import (
    Answer,
    Assessment,
    Evidence,
    EvidenceKind,
    RequirementState,
)
from questionnaire.framework import Framework
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.context import AssessmentView

CAICT = "caict-mlops-dev-mgmt"
QUICKCHECK = "mlops-quickcheck"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PEOPLE = ("U0PO", "U0PM", "U0TEST", "U0DATA", "U0ALGO", "U0PLAT", "U0OWNER")
# Who holds each role of the bundled frameworks; another framework's roles go round PEOPLE.
HOLDER = dict(
    zip(
        (
            "product_owner",
            "project_manager",
            "test_engineer",
            "data_engineer",
            "algorithm_engineer",
            "platform_engineer",
            "data_owner",
        ),
        PEOPLE,
        strict=True,
    )
)
HOSTILE = "<!channel> & <script>alert('x')</script> <https://evil.example|click>"


@cache
def framework(framework_id: str = CAICT) -> Framework:
    """A bundled framework (parsed once per test session)."""
    return FrameworkRegistry().get(framework_id)


def assessment(fw: Framework, **changes: object) -> Assessment:
    """An assessment of `fw` with every role held by one person."""
    roles = {
        role.key: [HOLDER.get(role.key, PEOPLE[i % len(PEOPLE)])] for i, role in enumerate(fw.roles)
    }
    values: dict[str, object] = {
        "team_id": "T0STANDIN",
        "name": "Fraud model 2026",
        "project": "Fraud detection",
        "framework_id": fw.id,
        "framework_version": fw.version,
        "framework_hash": fw.content_hash(),
        "lead_id": "U0LEAD",
        "channel_id": "C0MATURITY",
        "created_at": START,
        "roles": roles,
        "target_level": 3,
        "id": 1,
    }
    values.update(changes)
    return Assessment(**values)  # type: ignore[arg-type]


def view(
    fw: Framework,
    answers: dict[str, Answer],
    *,
    evidence_for: frozenset[str] = frozenset(),
    comments: dict[str, str] | None = None,
    **changes: object,
) -> AssessmentView:
    """A view with these answers (by the first person, an hour apart) and link evidence."""
    a = assessment(fw, **changes)
    assert a.id is not None
    states = {
        rid: RequirementState(
            requirement_id=rid,
            answer=answer,
            comment=(comments or {}).get(rid),
            answered_by=PEOPLE[i % len(PEOPLE)],
            answered_at=START + timedelta(hours=i),
        )
        for i, (rid, answer) in enumerate(answers.items())
    }
    evidence = [
        Evidence(
            assessment_id=a.id,
            requirement_id=rid,
            kind=EvidenceKind.LINK,
            added_by=PEOPLE[0],
            added_at=START + timedelta(hours=1),
            url=f"https://wiki.example/{rid}?a=1&b=2",
            title=f"Proof of {rid}",
        )
        for rid in sorted(evidence_for)
    ]
    return AssessmentView(a, fw, states, evidence)


def staircase(fw: Framework, level: int) -> dict[str, Answer]:
    """Every requirement up to `level` met, the rest not met."""
    return {
        loc.requirement.id: Answer.MET if loc.requirement.level <= level else Answer.NOT_MET
        for loc in fw.requirements()
    }


def mixed(fw: Framework, seed: int = 7, share: float = 0.8) -> dict[str, Answer]:
    """A reproducible mix of all four answers over `share` of the requirements."""
    rng = random.Random(seed)
    choices = [Answer.MET] * 6 + [Answer.PARTIAL, Answer.NOT_MET, Answer.NOT_APPLICABLE]
    return {
        loc.requirement.id: rng.choice(choices) for loc in fw.requirements() if rng.random() < share
    }


def all_evidence(fw: Framework) -> frozenset[str]:
    """Every requirement that asks for evidence."""
    return frozenset(
        loc.requirement.id for loc in fw.requirements() if loc.requirement.evidence.required
    )


def pdf_renderer_missing() -> str | None:
    """Why PDFs cannot be rendered here (no WeasyPrint, or no Pango under it), else None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return f"PDF needs WeasyPrint and Pango (Debian: libpango-1.0-0): {error}"
    return None
