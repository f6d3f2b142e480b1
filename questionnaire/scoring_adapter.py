"""Adapts a questionnaire framework, answers and evidence to scoring's inputs, and scores them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping

from questionnaire.adaptive import not_assessed
from questionnaire.domain import Answer, Evidence, EvidencePolicy, RequirementState, ReviewState
from questionnaire.framework import Framework
from scoring import (
    AnswerValue,
    DomainSpec,
    EvidenceState,
    ItemSpec,
    RequirementSpec,
    Rollup,
    ScoreResult,
    Structure,
    SubItemSpec,
    evaluate,
)
from scoring import EvidencePolicy as ScoringPolicy

_CACHE_SIZE = 16
# Keyed by object identity: building a content hash would cost more than building the structure.
# The framework is kept in the entry so its id cannot be reused while the entry lives.
_cache: OrderedDict[int, tuple[Framework, Structure]] = OrderedDict()
_cache_lock = threading.Lock()
_ANSWERS = {answer: AnswerValue(answer.value) for answer in Answer}


def build_structure(framework: Framework) -> Structure:
    """Scoring's structure for a framework (not cached; see `framework_structure`)."""
    roles = {located.requirement.id: located.role for located in framework.requirements()}
    return Structure(
        id=framework.id,
        levels=tuple(level.number for level in framework.levels),
        rollup=Rollup(framework.scoring.rollup),
        domains=tuple(
            DomainSpec(
                id=domain.id,
                items=tuple(
                    ItemSpec(
                        id=item.id,
                        subitems=tuple(
                            SubItemSpec(
                                id=sub.id,
                                requirements=tuple(
                                    RequirementSpec(
                                        id=req.id,
                                        level=req.level,
                                        role=roles[req.id],
                                        evidence_required=req.evidence.required,
                                    )
                                    for req in sub.requirements
                                ),
                            )
                            for sub in item.subitems
                        ),
                    )
                    for item in domain.items
                ),
            )
            for domain in framework.domains
        ),
    )


def framework_structure(framework: Framework) -> Structure:
    """Scoring's structure for a framework, built once per framework object and reused."""
    key = id(framework)
    with _cache_lock:
        entry = _cache.get(key)
        if entry is not None and entry[0] is framework:
            _cache.move_to_end(key)
            return entry[1]
    structure = build_structure(framework)
    with _cache_lock:
        _cache[key] = (framework, structure)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return structure


def answer_values(states: Mapping[str, RequirementState]) -> dict[str, AnswerValue]:
    """Scoring answers by requirement id; an answer still to be confirmed counts as unanswered."""
    return {
        requirement_id: _ANSWERS[state.answer]
        for requirement_id, state in states.items()
        if state.answer is not None and not state.to_confirm
    }


def evidence_states(evidence: Iterable[Evidence]) -> dict[str, EvidenceState]:
    """Per requirement: `provided` if any evidence is not rejected, else `rejected`."""
    states: dict[str, EvidenceState] = {}
    for item in evidence:
        if item.review is not ReviewState.REJECTED:
            states[item.requirement_id] = EvidenceState.PROVIDED
        else:
            states.setdefault(item.requirement_id, EvidenceState.REJECTED)
    return states


def score_assessment(
    framework: Framework,
    states: Mapping[str, RequirementState],
    evidence: Iterable[Evidence],
    policy: EvidencePolicy,
    target_level: int | None = None,
    *,
    adaptive: bool = False,
    out_of_scope: Collection[str] = (),
) -> ScoreResult:
    """Score an assessment's recorded answers and evidence against its framework; in an
    `adaptive` one, the requirements adaptive questioning skipped count as not assessed; the
    domains `out_of_scope` are not scored.

    Answers and evidence for requirements the framework does not have are ignored.
    """
    answers = answer_values(states)
    if adaptive:
        answers |= dict.fromkeys(not_assessed(framework, states), AnswerValue.NOT_ASSESSED)
    return evaluate(
        framework_structure(framework),
        answers,
        evidence_states(evidence),
        policy=ScoringPolicy(policy),
        target_level=target_level,
        out_of_scope=out_of_scope,
    )
