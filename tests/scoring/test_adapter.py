"""The questionnaire adapter: framework, answer states and evidence in, a scoring result out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from questionnaire.domain import (
    Answer,
    Evidence,
    EvidenceKind,
    EvidencePolicy,
    RequirementState,
    ReviewState,
)
from questionnaire.framework import Framework
from questionnaire.scoring_adapter import (
    answer_values,
    build_structure,
    evidence_states,
    framework_structure,
    score_assessment,
)
from scoring import AnswerValue, EvidenceState, Reason, Rollup

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def requirement(rid: str, level: int, evidence: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "level": level,
        "text": f"Requirement {rid}",
        "guidance": "How to tell",
        "theme": "process",
        "evidence": {"required": evidence},
        **extra,
    }


def framework(rollup: str = "min") -> Framework:
    """Two levels; roles set on the item, a sub-item and a requirement."""
    return Framework.model_validate(
        {
            "id": "tiny",
            "version": "1",
            "title": "Tiny",
            "levels": [
                {"number": 1, "key": "basic", "name": "Basic"},
                {"number": 2, "key": "pro", "name": "Professional"},
            ],
            "roles": [{"key": k, "name": k} for k in ("po", "dev", "qa")],
            "scoring": {"rollup": rollup},
            "domains": [
                {
                    "id": "D",
                    "name": "Domain",
                    "items": [
                        {
                            "id": "I",
                            "name": "Item",
                            "role": "po",
                            "subitems": [
                                {
                                    "id": "S1",
                                    "name": "One",
                                    "requirements": [
                                        requirement("a", 1, evidence=True),
                                        requirement("b", 2, role="qa"),
                                    ],
                                },
                                {
                                    "id": "S2",
                                    "name": "Two",
                                    "role": "dev",
                                    "requirements": [requirement("c", 1), requirement("d", 2)],
                                },
                            ],
                        }
                    ],
                }
            ],
        }
    )


def state(rid: str, answer: Answer | None, to_confirm: bool = False) -> RequirementState:
    return RequirementState(requirement_id=rid, answer=answer, to_confirm=to_confirm)


def proof(rid: str, review: ReviewState = ReviewState.PROVIDED) -> Evidence:
    return Evidence(1, rid, EvidenceKind.LINK, "U1", NOW, url="https://x", review=review)


def test_structure_mirrors_the_framework_with_effective_roles() -> None:
    structure = build_structure(framework("mean-floor"))
    assert (structure.id, structure.levels, structure.rollup) == ("tiny", (1, 2), Rollup.MEAN_FLOOR)
    reqs = [r for p in structure.plans for r in p.spec.requirements]
    assert [(r.id, r.level, r.role, r.evidence_required) for r in reqs] == [
        ("a", 1, "po", True),
        ("b", 2, "qa", False),
        ("c", 1, "dev", False),
        ("d", 2, "dev", False),
    ]


def test_structure_is_cached_per_framework_object() -> None:
    fw = framework()
    assert framework_structure(fw) is framework_structure(fw)
    assert framework_structure(framework()) == framework_structure(fw)


def test_to_confirm_and_missing_answers_count_as_unanswered() -> None:
    states = {
        "a": state("a", Answer.MET),
        "b": state("b", Answer.MET, to_confirm=True),
        "c": state("c", None),
        "zz": state("zz", Answer.MET),
    }
    assert answer_values(states) == {"a": AnswerValue.MET, "zz": AnswerValue.MET}
    result = score_assessment(framework(), states, [], EvidencePolicy.LENIENT)
    assert result.requirement_status("b").reason is Reason.UNANSWERED
    assert result.provisional


@pytest.mark.parametrize(
    ("reviews", "expected"),
    [
        ([], None),
        ([ReviewState.REJECTED], EvidenceState.REJECTED),
        ([ReviewState.REJECTED, ReviewState.REJECTED], EvidenceState.REJECTED),
        ([ReviewState.REJECTED, ReviewState.PROVIDED], EvidenceState.PROVIDED),
        ([ReviewState.ACCEPTED, ReviewState.REJECTED], EvidenceState.PROVIDED),
    ],
)
def test_evidence_state_per_requirement(
    reviews: list[ReviewState], expected: EvidenceState | None
) -> None:
    assert evidence_states([proof("a", r) for r in reviews]).get("a") == expected


def test_score_assessment_under_both_policies() -> None:
    fw = framework()
    states = {rid: state(rid, Answer.MET) for rid in "abcd"}
    rejected = [proof("a", ReviewState.REJECTED)]
    strict = score_assessment(fw, states, rejected, EvidencePolicy.STRICT)
    assert [n.level for n in strict.subitems] == [0, 2]
    assert [(g.requirement_id, g.role, g.reason) for g in strict.gaps] == [
        ("a", "po", Reason.EVIDENCE_REJECTED)
    ]
    lenient = score_assessment(fw, states, rejected, EvidencePolicy.LENIENT)
    assert lenient.overall.level == 2
    assert lenient.overall.completion.evidence_rejected == 1
    accepted = [*rejected, proof("a", ReviewState.ACCEPTED)]
    assert score_assessment(fw, states, accepted, EvidencePolicy.STRICT).overall.level == 2


def test_target_level_and_not_applicable_pass_through() -> None:
    states = {"a": state("a", Answer.NOT_APPLICABLE), "c": state("c", Answer.PARTIAL)}
    result = score_assessment(framework(), states, [], EvidencePolicy.STRICT, target_level=2)
    assert result.target_level == 2
    assert [g.requirement_id for g in result.gaps] == ["c", "b", "d"]
    assert result.subitem("S1").completion.not_applicable == 1
