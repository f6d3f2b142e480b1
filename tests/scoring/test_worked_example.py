"""The worked example in docs/scoring.md, kept true by a test."""

from __future__ import annotations

from scoring import AnswerValue, EvidencePolicy, EvidenceState, compare, evaluate

from .builders import req, sub, tree

A = AnswerValue
STRUCTURE = tree(
    {
        "RM": {
            "RM.1": [
                sub(
                    "RM.1.1",
                    req("r1", 1, "product_owner", evidence=True),
                    req("r2", 1, "product_owner"),
                    req("r3", 2, "product_owner"),
                    req("r4", 2, "test_engineer"),
                    req("r5", 3, "platform_engineer"),
                ),
                sub(
                    "RM.1.2",
                    req("r6", 1, "product_owner"),
                    req("r7", 2, "product_owner", evidence=True),
                    req("r8", 3, "platform_engineer"),
                ),
            ],
            "RM.2": [
                sub(
                    "RM.2.1",
                    req("r9", 1, "test_engineer"),
                    req("r10", 2, "test_engineer"),
                    req("r11", 3, "test_engineer"),
                )
            ],
        }
    }
)
ANSWERS = {
    "r1": A.MET, "r2": A.MET, "r3": A.MET, "r4": A.NOT_MET, "r5": A.MET,
    "r6": A.MET, "r7": A.MET, "r8": A.NOT_APPLICABLE,
    "r9": A.PARTIAL, "r10": A.MET,
}  # fmt: skip
EVIDENCE = {"r1": EvidenceState.PROVIDED}


def table(policy: EvidencePolicy) -> dict[str, tuple[int, float, int]]:
    result = evaluate(STRUCTURE, ANSWERS, EVIDENCE, policy=policy)
    return {n.id: (n.level, n.score, n.what_if_level) for n in result.nodes()}


def test_levels_scores_and_what_if() -> None:
    assert table(EvidencePolicy.STRICT) == {
        "RM.1.1": (1, 2.5, 3),
        "RM.1.2": (1, 2.5, 3),
        "RM.2.1": (0, 1.5, 2),
        "RM.1": (1, 2.5, 3),
        "RM.2": (0, 1.5, 2),
        "RM": (0, 2.0, 2),
        "fw": (0, 2.0, 2),
    }
    lenient = table(EvidencePolicy.LENIENT)
    assert lenient["RM.1.2"][:2] == (3, 3.0)
    assert lenient["RM.1"][:2] == (1, 2.75)
    assert lenient["fw"][:2] == (0, 2.125)


def test_completion_and_gaps() -> None:
    result = evaluate(STRUCTURE, ANSWERS, EVIDENCE)
    completion = result.overall.completion
    assert (completion.answered, completion.total) == (10, 11)
    assert (completion.evidence_provided, completion.evidence_required) == (1, 2)
    assert result.provisional
    by_role = {
        role: [(g.requirement_id, g.level, g.reason.value, g.target_level) for g in gaps]
        for role, gaps in result.gaps_by_role().items()
    }
    assert by_role == {
        "test_engineer": [("r9", 1, "partially_met", 1), ("r4", 2, "not_met", 2)],
        "product_owner": [("r7", 2, "evidence_missing", 2)],
    }
    targeted = evaluate(STRUCTURE, ANSWERS, EVIDENCE, target_level=3)
    assert [g.requirement_id for g in targeted.gaps_by_role()["test_engineer"]] == [
        "r9",
        "r4",
        "r11",
    ]
    assert {n.what_if_level for n in targeted.nodes()} == {3}


def test_reassessment_delta() -> None:
    previous = evaluate(STRUCTURE, ANSWERS, EVIDENCE)
    current = evaluate(
        STRUCTURE,
        {**ANSWERS, "r4": A.MET, "r9": A.MET},
        {**EVIDENCE, "r7": EvidenceState.PROVIDED},
    )
    delta = compare(previous, current)
    assert {d.id: (d.level_before, d.level_after, d.score_change) for d in delta.changed()} == {
        "fw": (0, 2, 0.5),
        "RM": (0, 2, 0.5),
        "RM.1": (1, 3, 0.5),
        "RM.2": (0, 2, 0.5),
        "RM.1.1": (1, 3, 0.5),
        "RM.1.2": (1, 3, 0.5),
        "RM.2.1": (0, 2, 0.5),
    }
    assert (delta.gaps_closed, delta.gaps_opened) == (("r9", "r4", "r7"), ("r11",))
    assert delta.improved == ("r4", "r7", "r9")
