"""Gaps to a target level: reasons, ordering, grouping by role, and what-if levels."""

from __future__ import annotations

import pytest

from scoring import AnswerValue, EvidenceState, NodeKind, Reason, evaluate

from .builders import req, single, sub, tree

STRUCTURE = tree(
    {
        "D": {
            "I": [
                sub(
                    "S1",
                    req("p1", 1, "po"),
                    req("p2", 2, "dev"),
                    req("p3", 2, "po", evidence=True),
                    req("p4", 3, "dev"),
                ),
                sub("S2", req("q1", 1, "dev"), req("q2", 2, "ops"), req("q3", 3, "po")),
            ]
        }
    }
)
ANSWERS = {
    "p1": AnswerValue.MET,
    "p2": AnswerValue.NOT_MET,
    "p3": AnswerValue.MET,  # evidence required, none given
    "q1": AnswerValue.PARTIAL,
    "q2": AnswerValue.MET,
}


def gap_rows(target: int | None) -> list[tuple[str, int, str, Reason, int]]:
    result = evaluate(STRUCTURE, ANSWERS, target_level=target)
    return [(g.requirement_id, g.level, g.role, g.reason, g.target_level) for g in result.gaps]


def test_levels_before_gaps() -> None:
    result = evaluate(STRUCTURE, ANSWERS)
    assert [n.level for n in result.subitems] == [1, 0]


def test_next_level_gaps_ordered_by_level_then_framework_order() -> None:
    assert gap_rows(None) == [
        ("q1", 1, "dev", Reason.PARTIALLY_MET, 1),
        ("p2", 2, "dev", Reason.NOT_MET, 2),
        ("p3", 2, "po", Reason.EVIDENCE_MISSING, 2),
    ]


def test_explicit_target_gaps() -> None:
    assert gap_rows(3) == [
        ("q1", 1, "dev", Reason.PARTIALLY_MET, 3),
        ("p2", 2, "dev", Reason.NOT_MET, 3),
        ("p3", 2, "po", Reason.EVIDENCE_MISSING, 3),
        ("p4", 3, "dev", Reason.UNANSWERED, 3),
        ("q3", 3, "po", Reason.UNANSWERED, 3),
    ]
    assert gap_rows(1) == [("q1", 1, "dev", Reason.PARTIALLY_MET, 1)]  # S1 already at 1


def test_gaps_grouped_by_role_most_urgent_first() -> None:
    groups = evaluate(STRUCTURE, ANSWERS, target_level=3).gaps_by_role()
    assert list(groups) == ["dev", "po"]
    assert [g.requirement_id for g in groups["dev"]] == ["q1", "p2", "p4"]
    assert [g.requirement_id for g in groups["po"]] == ["p3", "q3"]


def test_gaps_under_a_node() -> None:
    result = evaluate(STRUCTURE, ANSWERS, target_level=3)
    assert [g.requirement_id for g in result.gaps_under(NodeKind.SUBITEM, "S2")] == ["q1", "q3"]
    assert len(result.gaps_under(NodeKind.ITEM, "I")) == 5
    assert result.gaps_under(NodeKind.OVERALL, "fw") == result.gaps
    assert result.gaps_under(NodeKind.DOMAIN, "nope") == ()


@pytest.mark.parametrize(
    ("target", "what_if"),
    [
        (None, {"S1": 2, "S2": 2, "I": 2}),
        (1, {"S1": 1, "S2": 2, "I": 1}),
        (3, {"S1": 3, "S2": 3, "I": 3}),
    ],
)
def test_what_if_levels(target: int | None, what_if: dict[str, int]) -> None:
    result = evaluate(STRUCTURE, ANSWERS, target_level=target)
    got = {n.id: n.what_if_level for n in (*result.subitems, *result.items)}
    assert got == what_if
    assert result.overall.what_if_level == what_if["I"]


def test_what_if_skips_to_levels_already_satisfied_above_the_hole() -> None:
    structure = single(req("a", 1), req("b", 2), req("c", 2), req("d", 3), max_level=4)
    answers = dict.fromkeys("abd", AnswerValue.MET) | {"c": AnswerValue.NOT_MET}
    node = evaluate(structure, answers).subitem("S")
    assert (node.level, node.what_if_level) == (1, 4)  # L4 is empty, so it never blocks


def test_evidence_rejected_gap_and_no_gaps_at_max() -> None:
    structure = single(req("a", 1, evidence=True), max_level=1)
    rejected = evaluate(structure, {"a": AnswerValue.MET}, {"a": EvidenceState.REJECTED})
    assert [g.reason for g in rejected.gaps] == [Reason.EVIDENCE_REJECTED]
    done = evaluate(structure, {"a": AnswerValue.MET}, {"a": EvidenceState.PROVIDED})
    assert done.gaps == ()
    assert done.subitem("S").what_if_level == 1


def test_target_level_out_of_range_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.3"):
        evaluate(STRUCTURE, ANSWERS, target_level=4)
    with pytest.raises(ValueError):
        evaluate(STRUCTURE, ANSWERS, target_level=0)
