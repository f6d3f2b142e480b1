"""Deltas between a previous and a current result."""

from __future__ import annotations

from scoring import AnswerValue, Change, NodeKind, compare, evaluate

from .builders import req, staircase, sub, tree

MET, NOT_MET = AnswerValue.MET, AnswerValue.NOT_MET
BEFORE = tree({"D": {"I": [staircase("A"), staircase("B")], "J": [staircase("C")]}})
AFTER = tree({"D": {"I": [staircase("A"), sub("N", req("n1", 1))]}})  # B and J/C gone, N new


def test_level_and_score_changes() -> None:
    previous = evaluate(BEFORE, {"A.L1": MET, "A.L2": NOT_MET, "B.L1": MET})
    current = evaluate(BEFORE, {"A.L1": MET, "A.L2": MET, "B.L1": NOT_MET})
    delta = compare(previous, current)
    a = delta.node(NodeKind.SUBITEM, "A")
    assert (a.change, a.level_before, a.level_after, a.level_change) == (Change.CHANGED, 1, 2, 1)
    assert a.score_change == 1.0
    b = delta.node(NodeKind.SUBITEM, "B")
    assert (b.level_change, b.score_change) == (-1, -1.0)
    c = delta.node(NodeKind.SUBITEM, "C")
    assert c.change is Change.UNCHANGED
    assert delta.overall.kind is NodeKind.OVERALL
    assert {d.id for d in delta.changed()} == {"I", "A", "B"}  # I: min 1 -> 0; D's mean holds
    # next-level gaps: A's L2 gap closes and its L3 gap opens; B.L1 turns into a gap
    assert delta.gaps_closed == ("A.L2", "B.L2")
    assert delta.gaps_opened == ("B.L1", "A.L3")
    assert (delta.improved, delta.regressed) == (("A.L2",), ("B.L1",))


def test_nodes_on_one_side_are_added_or_removed() -> None:
    previous = evaluate(BEFORE, {"A.L1": MET, "B.L1": MET})
    current = evaluate(AFTER, {"A.L1": MET, "n1": MET})
    delta = compare(previous, current)
    changes = {(d.kind.value, d.id): d.change for d in delta.nodes}
    assert changes[("subitem", "N")] is Change.ADDED
    assert changes[("subitem", "B")] is Change.REMOVED
    assert changes[("subitem", "C")] is Change.REMOVED
    assert changes[("item", "J")] is Change.REMOVED
    assert changes[("subitem", "A")] is Change.UNCHANGED
    removed = delta.node(NodeKind.ITEM, "J")
    assert (removed.level_after, removed.level_change, removed.score_change) == (None, None, None)
    added = delta.node(NodeKind.SUBITEM, "N")
    assert (added.level_before, added.level_after) == (None, 3)
    assert "B.L2" in delta.gaps_closed


def test_compare_with_itself_changes_nothing_and_round_trips() -> None:
    result = evaluate(BEFORE, {"A.L1": MET})
    delta = compare(result, result)
    assert delta.changed() == ()
    assert delta.gaps_opened == delta.gaps_closed == ()
    assert type(delta).model_validate_json(delta.model_dump_json()) == delta
