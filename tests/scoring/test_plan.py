"""The improvement plan: units ordered by levels unlocked per effort, and what each unlocks."""

from __future__ import annotations

from scoring import (
    AnswerValue,
    EvidenceState,
    NodeKind,
    Rollup,
    StepKind,
    evaluate,
    improvement_plan,
)
from scoring.plan import Plan

from .builders import req, staircase, sub, tree

MET, PARTIAL, NOT_MET = AnswerValue.MET, AnswerValue.PARTIAL, AnswerValue.NOT_MET
SUBITEMS = {
    "I1": [
        sub("S1", req("a1", 1), req("a2", 2, evidence=True), req("a3", 3)),
        sub("S2", req("b1", 1), req("b2", 2), req("b3", 3)),
    ],
    "I2": [sub("S3", req("c1", 1), req("c2", 2), req("c3", 3))],
}
# S1 at L1 (a2 met without its evidence), S2 at L1 (b2 not met, b3 met above the hole),
# S3 at L0 (c1 partial, c2 unanswered): I1 L1, I2 L0, overall L0.
ANSWERS = {"a1": MET, "a2": MET, "a3": NOT_MET, "b1": MET, "b2": NOT_MET, "b3": MET}
ANSWERS |= {"c1": PARTIAL, "c3": NOT_MET}


def plan(rollup: Rollup = Rollup.MIN, goal: int = 2) -> Plan:
    result = evaluate(tree({"D": SUBITEMS}, rollup=rollup), ANSWERS, target_level=goal)
    return improvement_plan(result, goal)


def rows(p: Plan) -> list[tuple[str, int, list[str], list[tuple[str, int, int]]]]:
    return [
        (
            u.subitem_id,
            u.level,
            [s.requirement_id for s in u.steps],
            [(r.id, r.before, r.level) for r in u.unlocks],
        )
        for u in p.units
    ]


def test_order_and_unlocks() -> None:
    assert rows(plan()) == [
        # Phase L1: the only L1 blocker lifts S3, its item, the domain and the overall level.
        ("S3", 1, ["c1"], [("S3", 0, 1), ("I2", 0, 1), ("D", 0, 1), ("fw", 0, 1)]),
        # Phase L2: one level per effort 1 (evidence), tied with c2's two levels per effort 2,
        # so framework order decides; then c2; the not-met b2 (effort 5) last, it finishes I1.
        ("S1", 2, ["a2"], [("S1", 1, 2)]),
        ("S3", 2, ["c2"], [("S3", 1, 2), ("I2", 1, 2)]),
        ("S2", 2, ["b2"], [("S2", 1, 3), ("I1", 1, 2), ("D", 1, 2), ("fw", 1, 2)]),
    ]


def test_kinds_efforts_and_quick_wins() -> None:
    units = plan().units
    assert [(s.kind, s.effort) for s in plan().steps] == [
        (StepKind.PRACTICE, 3),
        (StepKind.EVIDENCE, 1),
        (StepKind.ANSWER, 2),
        (StepKind.PRACTICE, 5),
    ]
    assert [u.quick_win for u in units] == [False, True, False, False]


def test_until_a_node_rises() -> None:
    p = plan()
    assert [u.subitem_id for u in p.until(NodeKind.OVERALL, "fw", 1)] == ["S3"]
    assert [u.subitem_id for u in p.until(NodeKind.ITEM, "I1", 2)] == ["S1", "S2"]
    assert [u.subitem_id for u in p.until(NodeKind.ITEM, "I2", 2)] == ["S3", "S3"]


def test_goal_three_plans_past_the_next_level() -> None:
    tail = rows(plan(goal=3))[4:]
    # After phase L2, S1's a3 (not met) lifts S1 and I1; S3's c3 lifts S3, I2, D, overall.
    assert tail == [
        ("S1", 3, ["a3"], [("S1", 2, 3), ("I1", 2, 3)]),
        ("S3", 3, ["c3"], [("S3", 2, 3), ("I2", 2, 3), ("D", 2, 3), ("fw", 2, 3)]),
    ]


def test_mean_floor_rises_honestly() -> None:
    # floor(mean): S1 alone at L2 leaves I1 at floor(3/2) = 1; S2 at L3 then lifts it to 2.
    assert [r[3] for r in rows(plan(Rollup.MEAN_FLOOR))][1:] == [
        [("S1", 1, 2)],
        [("S3", 1, 2), ("I2", 1, 2)],
        [("S2", 1, 3), ("I1", 1, 2), ("D", 1, 2), ("fw", 1, 2)],
    ]


def test_nothing_to_do_at_the_goal() -> None:
    done = {r.id: MET for subs in SUBITEMS.values() for s in subs for r in s.requirements}
    result = evaluate(tree({"D": SUBITEMS}), done, {"a2": EvidenceState.PROVIDED})
    assert improvement_plan(result, 3).units == ()


def test_mean_floor_starts_from_the_rolled_up_mean() -> None:
    # I1 at L3, I2 at L0 (an L1 hole under met L2 and L3): mean-floor puts the domain at 1, min at 0.
    subitems = {"I1": [staircase("S1")], "I2": [staircase("S2")]}
    answers = {r: MET for r in ("S1.L1", "S1.L2", "S1.L3", "S2.L2", "S2.L3")} | {"S2.L1": NOT_MET}
    for rollup, before in ((Rollup.MIN, 0), (Rollup.MEAN_FLOOR, 1)):
        result = evaluate(tree({"D": subitems}, rollup=rollup), answers, target_level=3)
        [unit] = improvement_plan(result, 3).units
        assert [(r.id, r.before, r.level) for r in unit.unlocks] == [
            ("S2", 0, 3),
            ("I2", 0, 3),
            ("D", before, 3),
            ("fw", before, 3),
        ]
