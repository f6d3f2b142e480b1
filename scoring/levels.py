"""Level rules: when a requirement is satisfied, a sub-item's cumulative level, and roll-ups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .kinds import AnswerValue, EvidencePolicy, EvidenceState, Reason, Rollup


class Outcome(NamedTuple):
    """How one answer counts: applicable, satisfied, why not, and score credit in halves (0-2)."""

    applicable: bool
    satisfied: bool
    reason: Reason | None
    halves: int


_ANSWER_REASON = {
    AnswerValue.UNANSWERED: Reason.UNANSWERED,
    AnswerValue.NOT_ASSESSED: Reason.NOT_ASSESSED,
    AnswerValue.NOT_MET: Reason.NOT_MET,
    AnswerValue.PARTIAL: Reason.PARTIALLY_MET,
}


def classify(
    answer: AnswerValue,
    evidence: EvidenceState,
    evidence_required: bool,
    policy: EvidencePolicy,
) -> Outcome:
    """Whether a requirement is satisfied and its score credit, under an evidence policy.

    Under the strict policy a met answer whose required evidence is missing or rejected is not
    satisfied and earns half credit, the same as a partial answer. A not-assessed requirement
    (skipped above a blocked level) is applicable, not satisfied and earns no credit, like an
    unanswered one: the score is then a lower bound of the score with every question asked.
    """
    if answer is AnswerValue.NOT_APPLICABLE:
        return Outcome(False, False, None, 0)
    if answer is not AnswerValue.MET:
        return Outcome(
            True, False, _ANSWER_REASON[answer], 1 if answer is AnswerValue.PARTIAL else 0
        )
    if policy is EvidencePolicy.LENIENT or not evidence_required:
        return Outcome(True, True, None, 2)
    if evidence is EvidenceState.PROVIDED:
        return Outcome(True, True, None, 2)
    if evidence is EvidenceState.REJECTED:
        return Outcome(True, False, Reason.EVIDENCE_REJECTED, 1)
    return Outcome(True, False, Reason.EVIDENCE_MISSING, 1)


# Every combination is precomputed once: scoring looks outcomes up instead of branching per call.
OUTCOMES: dict[tuple[str, str, bool, str], Outcome] = {
    (answer, evidence, required, policy): classify(answer, evidence, required, policy)
    for answer in AnswerValue
    for evidence in EvidenceState
    for required in (False, True)
    for policy in EvidencePolicy
}


def subitem_level(blocked: Sequence[bool]) -> int:
    """The highest L with levels 1..L unblocked; `blocked[i]` is level i + 1 (0 if L1 blocks)."""
    for index, is_blocked in enumerate(blocked):
        if is_blocked:
            return index
    return len(blocked)


def what_if_level(blocked: Sequence[bool], target: int) -> int:
    """The sub-item level once every blocker at levels 1..target is cleared."""
    for index in range(target, len(blocked)):
        if blocked[index]:
            return index
    return len(blocked)


def rollup_level(levels: Sequence[int], rule: Rollup, max_level: int) -> int:
    """A parent's level from its children's: their minimum, or the floor of their mean.

    A parent without children has nothing that blocks it and sits at `max_level`, like an
    all-not-applicable sub-item.
    """
    if not levels:
        return max_level
    if rule is Rollup.MIN:
        return min(levels)
    return sum(levels) // len(levels)
