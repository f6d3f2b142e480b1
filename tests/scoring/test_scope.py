"""Domains left out of scope: marked not in scope, never level 0 nor the top tier, and the
overall level rolled up from the domains in scope only."""

from __future__ import annotations

import pytest

from scoring import (
    AnswerValue,
    NodeKind,
    Rollup,
    compare,
    evaluate,
    improvement_plan,
    progress_toward,
)

from .builders import staircase, tree

# D1 reaches level 2 (its one sub-item meets L1 and L2); D2 has nothing answered (level 0);
# D3's sub-item is answered not applicable throughout, which alone would make it the top tier.
DOMAINS = {
    "D1": {"I1": [staircase("S1")]},
    "D2": {"I2": [staircase("S2")]},
    "D3": {"I3": [staircase("S3")]},
}
ANSWERS = {
    "S1.L1": AnswerValue.MET,
    "S1.L2": AnswerValue.MET,
    "S1.L3": AnswerValue.NOT_MET,
    **{f"S3.L{n}": AnswerValue.NOT_APPLICABLE for n in (1, 2, 3)},
}


def test_everything_in_scope_by_default() -> None:
    result = evaluate(tree(DOMAINS), ANSWERS)
    assert result.out_of_scope == ()
    assert all(node.in_scope for node in result.nodes())
    assert {d.id: d.level for d in result.domains} == {"D1": 2, "D2": 0, "D3": 3}
    assert result.overall.level == 0  # D2 holds it down


def test_an_unanswered_domain_out_of_scope_does_not_hold_the_overall_at_zero() -> None:
    result = evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"D2"})
    assert result.out_of_scope == ("D2",)
    assert result.overall.level == 2
    assert result.overall.children == ("D1", "D3")
    left_out = [n for n in result.nodes() if not n.in_scope]
    assert [(n.kind, n.id) for n in left_out] == [
        (NodeKind.DOMAIN, "D2"),
        (NodeKind.ITEM, "I2"),
        (NodeKind.SUBITEM, "S2"),
    ]
    domain = result.domain("D2")
    assert domain.children == ("I2",)
    assert domain.completion.total == 0
    assert not result.provisional  # D2 is not waiting for answers


def test_a_domain_out_of_scope_never_counts_as_the_top_tier() -> None:
    in_scope = evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"D2"})
    assert in_scope.domain("D3").level == 3  # in scope, all not applicable: the top tier
    result = evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"D2", "D3"})
    assert not result.domain("D3").in_scope
    assert result.domain("D3").level != 3
    assert result.overall.level == 2
    # the mean roll-up averages the domains in scope only: an out-of-scope domain is not a 3
    mean = evaluate(tree(DOMAINS, rollup=Rollup.MEAN_FLOOR), ANSWERS, out_of_scope={"D2", "D3"})
    assert mean.overall.level == 2
    assert mean.overall.score == pytest.approx(result.domain("D1").score)


def test_out_of_scope_requirements_have_no_status_gap_or_count() -> None:
    result = evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"D2"})
    assert "S2.L1" not in {r.id for r in result.requirements}
    with pytest.raises(KeyError):
        result.requirement_status("S2.L1")
    assert all(gap.domain_id != "D2" for gap in result.gaps)
    assert result.overall.completion.total == 6  # S1 and S3 only
    plan = improvement_plan(result, 3)
    assert all(unit.domain_id != "D2" for unit in plan.units)
    progress = progress_toward(result, 3)
    assert progress[(NodeKind.DOMAIN, "D2")].applicable == 0


def test_answers_to_an_out_of_scope_domain_are_ignored() -> None:
    answers = {**ANSWERS, **{f"S2.L{n}": AnswerValue.MET for n in (1, 2, 3)}}
    result = evaluate(tree(DOMAINS), answers, out_of_scope={"D2"})
    assert result.domain("D2").level == 0
    assert result.domain("D2").score == 0
    assert result.overall.completion.answered == 6


def test_unknown_domain_ids_are_ignored_and_one_domain_must_stay_in_scope() -> None:
    assert evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"nope"}).out_of_scope == ()
    with pytest.raises(ValueError, match="at least one must be in scope"):
        evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"D1", "D2", "D3"})


def test_a_node_out_of_scope_is_absent_from_its_side_of_a_delta() -> None:
    before = evaluate(tree(DOMAINS), ANSWERS)
    after = evaluate(tree(DOMAINS), ANSWERS, out_of_scope={"D2"})
    delta = compare(before, after)
    assert delta.node(NodeKind.DOMAIN, "D2").level_after is None
    assert delta.node(NodeKind.DOMAIN, "D2").level_change is None
    assert delta.overall.level_change == 2
    both = compare(after, after)
    with pytest.raises(KeyError):
        both.node(NodeKind.DOMAIN, "D2")
