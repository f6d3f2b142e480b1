"""`evaluate`: one assessment's answers and evidence in, a frozen `ScoreResult` out."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

from .gaps import ordered, subitem_gaps, subitem_target
from .kinds import AnswerValue, EvidencePolicy, EvidenceState, NodeKind, Rollup
from .levels import OUTCOMES, Outcome, rollup_level, subitem_level, what_if_level
from .model import Structure, SubItemPlan
from .results import Gap, NodeResult, RequirementStatus, ScoreResult
from .scores import Tally, mean_score, subitem_score, summed

_ANSWERS: dict[str, AnswerValue] = {a.value: a for a in AnswerValue}
_EVIDENCE: dict[str, EvidenceState] = {e.value: e for e in EvidenceState}
_EVIDENCE_DUE = (AnswerValue.MET, AnswerValue.PARTIAL)

# A node on its way up the tree: its result and the exact score its parent averages.
_Scored = tuple[NodeResult, Fraction, Tally]


def evaluate(
    structure: Structure,
    answers: Mapping[str, AnswerValue],
    evidence: Mapping[str, EvidenceState] | None = None,
    *,
    policy: EvidencePolicy = EvidencePolicy.STRICT,
    target_level: int | None = None,
    out_of_scope: Collection[str] = (),
) -> ScoreResult:
    """Score one assessment: levels, scores, completion, gaps and what-if levels per node.

    Requirements missing from `answers` are unanswered, missing from `evidence` have none;
    ids the structure does not know are ignored. `target_level` (1..max level) sets the level
    gaps are counted up to; without it each sub-item's next level is used. The domains named in
    `out_of_scope` are not scored: their nodes are marked not in scope, their requirements have
    no status and no gaps, and the overall node rolls up the other domains only.
    """
    policy = EvidencePolicy(policy)
    max_level = structure.max_level
    if target_level is not None and not 1 <= target_level <= max_level:
        raise ValueError(f"target level {target_level} is outside 1..{max_level}")
    evidence = evidence or {}
    left_out = _left_out(structure, out_of_scope)

    statuses: list[RequirementStatus] = []
    gap_rows: list[tuple[int, int, Gap]] = []
    scored_subitems: list[_Scored] = []
    for plan in structure.plans:
        if plan.domain_id in left_out:
            req_ids = tuple(r.id for r in plan.spec.requirements)
            scored_subitems.append(
                _not_in_scope(NodeKind.SUBITEM, plan.spec.id, plan.item_id, req_ids)
            )
            continue
        sub_statuses, outcomes, tally = _requirements(
            plan, answers, evidence, policy, structure.status_memo
        )
        statuses.extend(sub_statuses)
        blocked, score = _levels(plan, outcomes)
        level = subitem_level(blocked)
        target = subitem_target(level, target_level, max_level)
        gap_rows.extend(subitem_gaps(plan, sub_statuses, target, structure.gap_memo))
        node = NodeResult(
            kind=NodeKind.SUBITEM,
            id=plan.spec.id,
            parent=plan.item_id,
            children=tuple(r.id for r in plan.spec.requirements),
            level=level,
            score=float(score),
            what_if_level=what_if_level(blocked, target),
            completion=tally.freeze(),
        )
        scored_subitems.append((node, score, tally))

    rule = structure.rollup
    overall_id = structure.id
    subitem_iter = iter(scored_subitems)
    items: list[_Scored] = []
    domains: list[_Scored] = []
    for domain in structure.domains:
        domain_items: list[_Scored] = []
        in_scope = domain.id not in left_out
        for item in domain.items:
            children = [next(subitem_iter) for _ in item.subitems]
            domain_items.append(
                _parent(NodeKind.ITEM, item.id, domain.id, children, rule, max_level)
                if in_scope
                else _not_in_scope(NodeKind.ITEM, item.id, domain.id, _ids(children))
            )
        items.extend(domain_items)
        domains.append(
            _parent(NodeKind.DOMAIN, domain.id, overall_id, domain_items, rule, max_level)
            if in_scope
            else _not_in_scope(NodeKind.DOMAIN, domain.id, overall_id, _ids(domain_items))
        )
    scoped = [domain for domain in domains if domain[0].in_scope]
    overall = _parent(NodeKind.OVERALL, overall_id, None, scoped, rule, max_level)[0]

    return ScoreResult(
        structure_id=structure.id,
        max_level=max_level,
        rollup=rule,
        policy=policy,
        target_level=target_level,
        provisional=overall.completion.provisional,
        out_of_scope=tuple(d.id for d in structure.domains if d.id in left_out),
        overall=overall,
        domains=tuple(n for n, _, _ in domains),
        items=tuple(n for n, _, _ in items),
        subitems=tuple(n for n, _, _ in scored_subitems),
        requirements=tuple(statuses),
        gaps=ordered(gap_rows),
    )


def _left_out(structure: Structure, out_of_scope: Collection[str]) -> frozenset[str]:
    """The structure's domains named out of scope (unknown ids are ignored); at least one domain
    must stay in scope, or there would be nothing to score."""
    left_out = frozenset(out_of_scope) & {domain.id for domain in structure.domains}
    if structure.domains and len(left_out) == len(structure.domains):
        raise ValueError("every domain is out of scope: at least one must be in scope")
    return left_out


def _not_in_scope(kind: NodeKind, node_id: str, parent: str, children: tuple[str, ...]) -> _Scored:
    """A node of a domain out of scope: no level, score or completion of its own."""
    tally = Tally()
    node = NodeResult(
        kind=kind,
        id=node_id,
        parent=parent,
        children=children,
        level=0,
        score=0.0,
        what_if_level=0,
        completion=tally.freeze(),
        in_scope=False,
    )
    return node, Fraction(0), tally


def _ids(children: list[_Scored]) -> tuple[str, ...]:
    return tuple(node.id for node, _, _ in children)


def _requirements(
    plan: SubItemPlan,
    answers: Mapping[str, AnswerValue],
    evidence: Mapping[str, EvidenceState],
    policy: EvidencePolicy,
    memo: dict[tuple[str, str, str, str], RequirementStatus],
) -> tuple[list[RequirementStatus], list[Outcome], Tally]:
    """Each requirement's status and outcome in framework order, and the completion counts."""
    statuses: list[RequirementStatus] = []
    outcomes: list[Outcome] = []
    tally = Tally(total=len(plan.spec.requirements))
    for req in plan.spec.requirements:
        try:
            answer = _ANSWERS[answers.get(req.id, AnswerValue.UNANSWERED)]
            proof = _EVIDENCE[evidence.get(req.id, EvidenceState.NONE)]
        except KeyError as exc:
            raise ValueError(f"requirement {req.id!r}: unknown answer or evidence {exc}") from None
        outcome = OUTCOMES[(answer, proof, req.evidence_required, policy)]
        outcomes.append(outcome)
        key = (req.id, answer, proof, policy)
        status = memo.get(key)
        if status is None:
            status = memo[key] = RequirementStatus(
                id=req.id,
                subitem=plan.spec.id,
                level=req.level,
                role=req.role,
                answer=answer,
                evidence=proof,
                evidence_required=req.evidence_required,
                applicable=outcome.applicable,
                satisfied=outcome.satisfied,
                reason=outcome.reason,
                credit=outcome.halves / 2,
            )
        statuses.append(status)
        if answer is AnswerValue.NOT_ASSESSED:
            tally.not_assessed += 1
        elif answer is not AnswerValue.UNANSWERED:
            tally.answered += 1
        if not outcome.applicable:
            tally.not_applicable += 1
        if outcome.satisfied:
            tally.satisfied += 1
        if req.evidence_required and answer in _EVIDENCE_DUE:
            tally.evidence_required += 1
            if proof is EvidenceState.PROVIDED:
                tally.evidence_provided += 1
            elif proof is EvidenceState.REJECTED:
                tally.evidence_rejected += 1
    return statuses, outcomes, tally


def _levels(plan: SubItemPlan, outcomes: list[Outcome]) -> tuple[list[bool], Fraction]:
    """Which levels of a sub-item are blocked, and its exact continuous score."""
    blocked: list[bool] = []
    shares: list[tuple[int, int]] = []
    for positions in plan.by_level:
        applicable = halves = 0
        is_blocked = False
        for position in positions:
            outcome = outcomes[position]
            if outcome.applicable:
                applicable += 1
                halves += outcome.halves
                is_blocked = is_blocked or not outcome.satisfied
        blocked.append(is_blocked)
        shares.append((halves, applicable))
    return blocked, subitem_score(shares)


def _parent(
    kind: NodeKind,
    node_id: str,
    parent: str | None,
    children: list[_Scored],
    rule: Rollup,
    max_level: int,
) -> _Scored:
    """A parent node rolled up from its scored children."""
    score = mean_score([s for _, s, _ in children], max_level)
    tally = summed(t for _, _, t in children)
    node = NodeResult(
        kind=kind,
        id=node_id,
        parent=parent,
        children=tuple(n.id for n, _, _ in children),
        level=rollup_level([n.level for n, _, _ in children], rule, max_level),
        score=float(score),
        what_if_level=rollup_level([n.what_if_level for n, _, _ in children], rule, max_level),
        completion=tally.freeze(),
    )
    return node, score, tally
