"""Table tests of sub-item levels and scores, with hand-computed expectations."""

from __future__ import annotations

from fractions import Fraction

import pytest

from scoring import AnswerValue, EvidencePolicy, EvidenceState, Reason, evaluate

from .builders import req, single

MET, PARTIAL, NOT_MET, NA = (
    AnswerValue.MET,
    AnswerValue.PARTIAL,
    AnswerValue.NOT_MET,
    AnswerValue.NOT_APPLICABLE,
)
PROVIDED, REJECTED = EvidenceState.PROVIDED, EvidenceState.REJECTED
STRICT, LENIENT = EvidencePolicy.STRICT, EvidencePolicy.LENIENT

# Sub-item S: a, b at L1 (b needs evidence), c, d at L2, e, f at L3.
SIX = single(
    req("a", 1), req("b", 1, evidence=True), req("c", 2), req("d", 2), req("e", 3), req("f", 3)
)
ALL_MET = dict.fromkeys("abcdef", MET)
B_PROVIDED = {"b": PROVIDED}

CASES = [
    # id, answers, evidence, policy, level, score
    ("staircase with a hole", {**ALL_MET, "d": NOT_MET}, B_PROVIDED, STRICT, 1, Fraction(5, 2)),
    ("hole marked N/A", {**ALL_MET, "d": NA}, B_PROVIDED, STRICT, 3, Fraction(3)),
    ("all N/A", dict.fromkeys("abcdef", NA), {}, STRICT, 3, Fraction(3)),
    ("nothing answered", {}, {}, STRICT, 0, Fraction(0)),
    ("partial at L1", {**ALL_MET, "b": PARTIAL}, B_PROVIDED, STRICT, 0, Fraction(11, 4)),
    ("partial at L3", {**ALL_MET, "e": PARTIAL}, B_PROVIDED, STRICT, 2, Fraction(11, 4)),
    ("strict: evidence missing", ALL_MET, {}, STRICT, 0, Fraction(11, 4)),
    ("lenient: evidence missing", ALL_MET, {}, LENIENT, 3, Fraction(3)),
    ("strict: evidence rejected", ALL_MET, {"b": REJECTED}, STRICT, 0, Fraction(11, 4)),
    ("lenient: evidence rejected", ALL_MET, {"b": REJECTED}, LENIENT, 3, Fraction(3)),
    ("strict: evidence provided", ALL_MET, B_PROVIDED, STRICT, 3, Fraction(3)),
    ("L2 half N/A, half not met", {"a": MET, "b": MET, "c": NA, "d": NOT_MET}, B_PROVIDED,
     STRICT, 1, Fraction(1)),
    ("L1 met, rest partial", {"a": MET, "b": MET, **dict.fromkeys("cdef", PARTIAL)}, B_PROVIDED,
     STRICT, 1, Fraction(2)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "evidence", "policy", "level", "score"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_subitem_level_and_score(
    answers: dict[str, AnswerValue],
    evidence: dict[str, EvidenceState],
    policy: EvidencePolicy,
    level: int,
    score: Fraction,
) -> None:
    result = evaluate(SIX, answers, evidence, policy=policy)
    node = result.subitem("S")
    assert (node.level, node.score) == (level, float(score))
    # a single sub-item: every parent has the same level and score
    assert {(n.level, n.score) for n in result.nodes()} == {(level, float(score))}


def test_empty_level_does_not_block_and_counts_as_met() -> None:
    structure = single(req("x", 1), req("y", 2), max_level=3)  # nothing at L3
    full = evaluate(structure, {"x": MET, "y": MET}).subitem("S")
    assert (full.level, full.score) == (3, 3.0)
    half = evaluate(structure, {"x": MET}).subitem("S")
    assert (half.level, half.score) == (1, 2.0)  # L1 1.0 + L2 0.0 + empty L3 1.0


def test_level_never_exceeds_highest_declared_level() -> None:
    assert evaluate(single(max_level=5), {}).subitem("S").level == 5
    structure = single(req("x", 1), max_level=4)
    assert evaluate(structure, {"x": MET}).subitem("S").level == 4
    assert evaluate(structure, {"x": NA}).subitem("S").score == 4.0


def test_requirement_status_reasons_and_credit() -> None:
    answers = {"a": MET, "b": MET, "c": PARTIAL, "d": NOT_MET, "e": NA}
    strict = evaluate(SIX, answers, {"b": REJECTED})
    rows = {r.id: (r.applicable, r.satisfied, r.reason, r.credit) for r in strict.requirements}
    assert rows == {
        "a": (True, True, None, 1.0),
        "b": (True, False, Reason.EVIDENCE_REJECTED, 0.5),
        "c": (True, False, Reason.PARTIALLY_MET, 0.5),
        "d": (True, False, Reason.NOT_MET, 0.0),
        "e": (False, False, None, 0.0),
        "f": (True, False, Reason.UNANSWERED, 0.0),
    }
    assert evaluate(SIX, answers).requirement_status("b").reason is Reason.EVIDENCE_MISSING
    lenient = evaluate(SIX, answers, {"b": REJECTED}, policy=LENIENT).requirement_status("b")
    assert (lenient.satisfied, lenient.reason, lenient.credit) == (True, None, 1.0)
    assert lenient.evidence_outstanding


def test_completion_counts_and_provisional() -> None:
    answers = {"a": MET, "b": PARTIAL, "c": NA, "d": NOT_MET, "e": MET}
    result = evaluate(SIX, answers, {"b": REJECTED}, policy=LENIENT)
    completion = result.subitem("S").completion
    assert completion.model_dump() == {
        "total": 6,
        "answered": 5,
        "not_applicable": 1,
        "not_assessed": 0,
        "satisfied": 2,
        "evidence_required": 1,
        "evidence_provided": 0,
        "evidence_rejected": 1,
    }
    assert (completion.applicable, completion.unanswered) == (5, 1)
    assert completion.answered_share == pytest.approx(5 / 6)
    assert completion.evidence_share == 0.0
    assert result.provisional
    done = evaluate(SIX, {**ALL_MET, "f": NA}, B_PROVIDED)
    assert not done.provisional
    assert done.overall.completion.evidence_share == 1.0


def test_not_assessed_counts_like_not_met_but_settles_the_question() -> None:
    """Skipped above a blocked level: applicable, unsatisfied, no credit, its own reason; not
    still to ask, so an assessment answered or not assessed throughout is not provisional."""
    skipped = {**ALL_MET, "c": NOT_MET, "d": NA, "e": AnswerValue.NOT_ASSESSED}
    skipped["f"] = AnswerValue.NOT_ASSESSED
    result = evaluate(SIX, skipped, B_PROVIDED)
    status = result.requirement_status("e")
    assert (status.applicable, status.satisfied, status.reason, status.credit) == (
        True,
        False,
        Reason.NOT_ASSESSED,
        0.0,
    )
    node = result.subitem("S")
    assert node.level == 1 and node.score == 1.0
    assert (node.completion.answered, node.completion.not_assessed) == (4, 2)
    assert node.completion.unanswered == 0 and not result.provisional
    asked = evaluate(SIX, {**skipped, "e": MET, "f": MET}, B_PROVIDED).subitem("S")
    assert asked.level == node.level and asked.score >= node.score  # a lower bound
    assert [g.reason for g in evaluate(SIX, skipped, B_PROVIDED, target_level=3).gaps] == [
        Reason.NOT_MET,
        Reason.NOT_ASSESSED,
        Reason.NOT_ASSESSED,
    ]


def test_unknown_ids_are_ignored_and_bad_values_rejected() -> None:
    result = evaluate(SIX, {"zz": MET}, {"zz": PROVIDED})
    assert result.overall.completion.answered == 0
    with pytest.raises(ValueError, match="'a'"):
        evaluate(SIX, {"a": "maybe"})  # type: ignore[dict-item]


def test_plain_string_values_are_accepted() -> None:
    answers = {k: "met" for k in "abcdef"}
    result = evaluate(SIX, answers, {"b": "provided"}, policy="strict")  # type: ignore[arg-type, dict-item]
    assert result.overall.level == 3
    assert result.requirement_status("a").answer is AnswerValue.MET
