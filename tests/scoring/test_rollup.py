"""Roll-up of levels and scores from sub-items to items, domains and the overall level."""

from __future__ import annotations

import pytest

from scoring import AnswerValue, NodeKind, Rollup, evaluate

from .builders import staircase, tree

# Staircase sub-items (one requirement per level) reaching levels 3, 1, 2 and 0.
LEVELS = {"S1": 3, "S2": 1, "S3": 2, "S4": 0}
DOMAINS = {
    "D1": {"I1": [staircase("S1"), staircase("S2")], "I2": [staircase("S3")]},
    "D2": {"I3": [staircase("S4")]},
}
ANSWERS = {
    f"{sid}.L{n}": AnswerValue.MET if n <= level else AnswerValue.NOT_MET
    for sid, level in LEVELS.items()
    for n in range(1, 4)
}


@pytest.mark.parametrize(
    ("rollup", "levels"),
    [
        (Rollup.MIN, {"I1": 1, "I2": 2, "I3": 0, "D1": 1, "D2": 0, "fw": 0}),
        (Rollup.MEAN_FLOOR, {"I1": 2, "I2": 2, "I3": 0, "D1": 2, "D2": 0, "fw": 1}),
    ],
)
def test_parent_levels(rollup: Rollup, levels: dict[str, int]) -> None:
    result = evaluate(tree(DOMAINS, rollup=rollup), ANSWERS)
    got = {n.id: n.level for n in result.nodes() if n.kind is not NodeKind.SUBITEM}
    assert got == levels
    assert {n.id: n.level for n in result.subitems} == LEVELS


def test_parent_scores_average_children() -> None:
    result = evaluate(tree(DOMAINS), ANSWERS)
    scores = {n.id: n.score for n in result.nodes()}
    # sub-items 3, 1, 2, 0 -> I1 2, I2 2, I3 0 -> D1 2, D2 0 -> overall 1
    assert scores == {"fw": 1.0, "D1": 2.0, "D2": 0.0, "I1": 2.0, "I2": 2.0, "I3": 0.0,
                      "S1": 3.0, "S2": 1.0, "S3": 2.0, "S4": 0.0}  # fmt: skip


def test_mean_floor_floors_a_fractional_mean() -> None:
    subs = [staircase("A"), staircase("B"), staircase("C")]
    answers = {"A.L1": "met", "A.L2": "met", "A.L3": "met", "B.L1": "met", "B.L2": "met"}
    answers |= {"C.L1": "met", "C.L2": "met"}
    result = evaluate(tree({"D": {"I": subs}}, rollup=Rollup.MEAN_FLOOR), answers)  # type: ignore[arg-type]
    assert [n.level for n in result.subitems] == [3, 2, 2]
    assert result.item("I").level == 2  # floor(7 / 3)
    assert result.item("I").score == pytest.approx(7 / 3)


def test_parent_without_children_sits_at_max_level() -> None:
    result = evaluate(tree({"D": {"I": [], "J": [staircase("S")]}}), {})
    assert (result.item("I").level, result.item("I").score) == (3, 3.0)
    assert result.domain("D").level == 0
    empty = evaluate(tree({}), {})
    assert (empty.overall.level, empty.overall.score, empty.provisional) == (3, 3.0, False)


def test_parents_sum_completion_and_link_children() -> None:
    result = evaluate(tree(DOMAINS), ANSWERS)
    assert result.overall.completion.total == 12
    assert result.domain("D1").completion.answered == 9
    assert result.overall.children == ("D1", "D2")
    assert result.item("I1").children == ("S1", "S2")
    assert result.item("I1").parent == "D1"
    assert result.domain("D1").parent == "fw"
    assert result.overall.parent is None
    assert result.subitem("S1").children == ("S1.L1", "S1.L2", "S1.L3")
