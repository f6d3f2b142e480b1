"""Property: on random answer sets, asking adaptively gives every node (overall, domains, items,
sub-items) the same level as asking everything, under both evidence policies, whatever order the
questions are answered in; its score is never higher (not assessed earns no credit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.adaptive import blocks, not_assessed
from questionnaire.domain import Answer, Evidence, EvidenceKind, EvidencePolicy, RequirementState
from questionnaire.framework import Framework
from questionnaire.registry import FrameworkRegistry
from questionnaire.scoring_adapter import score_assessment

PROPERTY = settings(max_examples=100, derandomize=True, database=None, deadline=None)
FRAMEWORKS = ("mlops-quickcheck", "caict-mlops-dev-mgmt")
AT = datetime(2026, 1, 5, tzinfo=UTC)


@cache
def framework(framework_id: str) -> Framework:
    return FrameworkRegistry().get(framework_id)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, dict[str, Answer], list[str], set[str]]:
    """A framework, the answer the team would give to each requirement (weighted toward met,
    as teams are), an order to answer in, and the requirements with evidence attached."""
    fw = framework(draw(st.sampled_from(FRAMEWORKS)))
    ids = [loc.requirement.id for loc in fw.requirements()]
    weights = [Answer.MET] * 5 + [Answer.PARTIAL, Answer.NOT_MET] * 2 + [Answer.NOT_APPLICABLE]
    drawn = draw(st.lists(st.sampled_from(weights), min_size=len(ids), max_size=len(ids)))
    answers = dict(zip(ids, drawn, strict=True))
    order = draw(st.permutations(ids))
    proved = {rid for rid in ids if draw(st.booleans())}
    return fw, answers, order, proved


def answered_adaptively(
    fw: Framework, answers: Mapping[str, Answer], order: Sequence[str]
) -> dict[str, RequirementState]:
    """Answer in `order`, passing over what is skipped when its turn comes. One pass suffices:
    answers only lower a sub-item's blocking level, so what is skipped stays skipped; and only
    a blocking answer can skip more (an answer that does not block leaves them as they were)."""
    states: dict[str, RequirementState] = {}
    skipped: frozenset[str] = frozenset()
    for rid in order:
        if rid not in skipped:
            states[rid] = RequirementState(rid, answers[rid])
            if blocks(states[rid]):
                skipped = not_assessed(fw, states)
    return states


@PROPERTY
@given(cases())
def test_levels_are_identical_and_the_score_a_lower_bound(
    case: tuple[Framework, dict[str, Answer], list[str], set[str]],
) -> None:
    fw, answers, order, proved = case
    everything = {rid: RequirementState(rid, answer) for rid, answer in answers.items()}
    adaptive = answered_adaptively(fw, answers, order)
    evidence = [Evidence(1, rid, EvidenceKind.NOTE, "U", AT, note="n") for rid in proved]
    for policy in EvidencePolicy:
        full = score_assessment(fw, everything, evidence, policy)
        fewer = score_assessment(fw, adaptive, evidence, policy, adaptive=True)
        assert [n.level for n in fewer.nodes()] == [n.level for n in full.nodes()]
        for mine, theirs in zip(fewer.nodes(), full.nodes(), strict=True):
            assert mine.score <= theirs.score + 1e-9, mine.id
        assert not fewer.provisional
        assert fewer.overall.completion.not_assessed == len(everything) - len(adaptive)


def test_a_team_that_meets_nothing_is_asked_only_its_first_levels() -> None:
    """Not vacuous: answered in framework order, only the lowest level of each sub-item is
    asked when every answer is Not met."""
    fw = framework("caict-mlops-dev-mgmt")
    answers = {loc.requirement.id: Answer.NOT_MET for loc in fw.requirements()}
    adaptive = answered_adaptively(fw, answers, list(answers))
    lowest = {
        loc.requirement.id
        for loc in fw.requirements()
        if loc.requirement.level == min(r.level for r in loc.subitem.requirements)
    }
    assert set(adaptive) == lowest and len(lowest) < len(answers) / 3
