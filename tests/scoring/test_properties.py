"""Property tests on generated frameworks and answers (deterministic, modest example counts)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring import (
    AnswerValue,
    DomainSpec,
    EvidencePolicy,
    EvidenceState,
    ItemSpec,
    NodeKind,
    RequirementSpec,
    Rollup,
    ScoreResult,
    Structure,
    SubItemSpec,
    compare,
    evaluate,
)

PROPERTY = settings(max_examples=100, derandomize=True, database=None, deadline=None)
BETTER = {
    AnswerValue.UNANSWERED: (AnswerValue.PARTIAL, AnswerValue.MET),
    AnswerValue.NOT_MET: (AnswerValue.PARTIAL, AnswerValue.MET),
    AnswerValue.PARTIAL: (AnswerValue.MET,),
}


@dataclass(frozen=True)
class Case:
    structure: Structure
    answers: dict[str, AnswerValue]
    evidence: dict[str, EvidenceState]
    policy: EvidencePolicy
    target: int | None

    def run(self, answers: dict[str, AnswerValue] | None = None,
            evidence: dict[str, EvidenceState] | None = None) -> ScoreResult:  # fmt: skip
        return evaluate(
            self.structure,
            self.answers if answers is None else answers,
            self.evidence if evidence is None else evidence,
            policy=self.policy,
            target_level=self.target,
        )

    @property
    def ids(self) -> list[str]:
        return [r.id for p in self.structure.plans for r in p.spec.requirements]


@st.composite
def structures(draw: st.DrawFn) -> Structure:
    max_level = draw(st.integers(1, 5))
    ids = count()

    def requirement() -> RequirementSpec:
        return RequirementSpec(
            id=f"r{next(ids)}",
            level=draw(st.integers(1, max_level)),
            role=draw(st.sampled_from(["a", "b", "c"])),
            evidence_required=draw(st.booleans()),
        )

    def many(size: tuple[int, int]) -> range:
        return range(draw(st.integers(*size)))

    domains = tuple(
        DomainSpec(
            f"D{d}",
            tuple(
                ItemSpec(
                    f"D{d}.I{i}",
                    tuple(
                        SubItemSpec(f"D{d}.I{i}.S{s}", tuple(requirement() for _ in many((0, 6))))
                        for s in many((0, 3))
                    ),
                )
                for i in many((1, 3))
            ),
        )
        for d in many((1, 3))
    )
    return Structure(
        id="fw",
        levels=tuple(range(1, max_level + 1)),
        domains=domains,
        rollup=draw(st.sampled_from(Rollup)),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    structure = draw(structures())
    ids = [r.id for p in structure.plans for r in p.spec.requirements]
    return Case(
        structure=structure,
        answers={i: draw(st.sampled_from(AnswerValue)) for i in ids},
        evidence={i: draw(st.sampled_from(EvidenceState)) for i in ids},
        policy=draw(st.sampled_from(EvidencePolicy)),
        target=draw(st.none() | st.integers(1, structure.max_level)),
    )


def assert_not_lower(before: ScoreResult, after: ScoreResult, scores: bool = True) -> None:
    for old, new in zip(before.nodes(), after.nodes(), strict=True):
        assert new.level >= old.level, (old.id, old.level, new.level)
        if scores:
            assert new.score >= old.score, (old.id, old.score, new.score)


@PROPERTY
@given(cases(), st.data())
def test_improving_an_answer_or_its_evidence_never_lowers_levels_or_scores(
    case: Case, data: st.DataObject
) -> None:
    assume(case.ids)
    rid = data.draw(st.sampled_from(case.ids))
    answers, evidence = dict(case.answers), dict(case.evidence)
    better = BETTER.get(answers[rid])
    if better and data.draw(st.booleans()):
        answers[rid] = data.draw(st.sampled_from(better))
    else:
        evidence[rid] = EvidenceState.PROVIDED
    assert_not_lower(case.run(), case.run(answers, evidence))


@PROPERTY
@given(cases(), st.data())
def test_marking_an_unsatisfied_requirement_not_applicable_never_lowers_a_level(
    case: Case, data: st.DataObject
) -> None:
    before = case.run()
    blockers = [r for r in before.requirements if r.applicable and not r.satisfied]
    assume(blockers)
    blocker = data.draw(st.sampled_from(blockers))
    after = case.run({**case.answers, blocker.id: AnswerValue.NOT_APPLICABLE})
    # dropping a zero-credit requirement can only raise its level's met share
    assert_not_lower(before, after, scores=blocker.credit == 0)


@PROPERTY
@given(cases())
def test_levels_scores_and_roll_up_invariants(case: Case) -> None:
    result = case.run()
    top = result.max_level
    by_id = {(n.kind, n.id): n for n in result.nodes()}
    for node in result.nodes():
        assert 0 <= node.level <= node.what_if_level <= top
        assert node.level <= node.score <= top  # levels 1..L fully met add at least L
        if node.kind is NodeKind.SUBITEM:
            continue
        kind = {NodeKind.OVERALL: NodeKind.DOMAIN, NodeKind.DOMAIN: NodeKind.ITEM}.get(
            node.kind, NodeKind.SUBITEM
        )
        children = [by_id[(kind, c)] for c in node.children]
        levels = [c.level for c in children]
        assert node.completion.total == sum(c.completion.total for c in children)
        assert node.completion.answered == sum(c.completion.answered for c in children)
        if not levels:
            assert node.level == top
        elif result.rollup is Rollup.MIN:
            assert node.level == min(levels)
            assert all(node.level <= level for level in levels)
        else:
            assert min(levels) <= node.level <= max(levels)
    assert result.provisional == (result.overall.completion.unanswered > 0)


@PROPERTY
@given(cases())
def test_gaps_are_the_blockers_below_each_target_and_closing_them_reaches_what_if(
    case: Case,
) -> None:
    result = case.run()
    order = {rid: i for i, rid in enumerate(case.ids)}
    keys = [(g.level, order[g.requirement_id]) for g in result.gaps]
    assert keys == sorted(keys)
    for gap in result.gaps:
        status = result.requirement_status(gap.requirement_id)
        assert status.applicable and not status.satisfied and status.reason is gap.reason
        assert gap.level <= gap.target_level
        assert result.subitem(gap.subitem_id).level < gap.target_level
    closed = {g.requirement_id for g in result.gaps}
    answers = {**case.answers, **dict.fromkeys(closed, AnswerValue.MET)}
    evidence = {**case.evidence, **dict.fromkeys(closed, EvidenceState.PROVIDED)}
    after = case.run(answers, evidence)
    assert [n.level for n in after.nodes()] == [n.what_if_level for n in result.nodes()]


@PROPERTY
@given(cases(), cases())
def test_results_round_trip_and_deltas_are_symmetric(first: Case, second: Case) -> None:
    a = first.run()
    assert ScoreResult.model_validate_json(a.model_dump_json()) == a
    assert compare(a, a).changed() == ()
    b = second.run()
    forward, backward = compare(a, b), compare(b, a)
    assert set(forward.gaps_opened) == set(backward.gaps_closed)
    assert set(forward.gaps_closed) == set(backward.gaps_opened)
    assert forward.overall.level_change == b.overall.level - a.overall.level
