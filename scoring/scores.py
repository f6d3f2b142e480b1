"""Continuous scores (exact fractions) and completion counts, per sub-item and rolled up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .results import Completion


def subitem_score(shares: Iterable[tuple[int, int]]) -> Fraction:
    """A sub-item's exact score from (credit in halves, applicable count) per level.

    Each level adds its met share, halves / (2 * applicable); a level without applicable
    requirements adds 1, so not-applicable answers never lower a score.
    """
    # One fraction per sub-item instead of one per level: normalising is the costly part.
    numerator, denominator = 0, 1
    for halves, applicable in shares:
        if applicable == 0:
            numerator += denominator
        else:
            numerator = numerator * 2 * applicable + halves * denominator
            denominator *= 2 * applicable
    return Fraction(numerator, denominator)


def mean_score(scores: Sequence[Fraction], max_level: int) -> Fraction:
    """A parent's score: the mean of its children's; `max_level` when it has no children."""
    if not scores:
        return Fraction(max_level)
    return sum(scores, Fraction(0)) / len(scores)


@dataclass(slots=True)
class Tally:
    """Mutable completion counters, summed up the tree then frozen into a `Completion`."""

    total: int = 0
    answered: int = 0
    not_applicable: int = 0
    not_assessed: int = 0
    satisfied: int = 0
    evidence_required: int = 0
    evidence_provided: int = 0
    evidence_rejected: int = 0

    def add(self, other: Tally) -> None:
        """Add another node's counts to this one."""
        self.total += other.total
        self.answered += other.answered
        self.not_applicable += other.not_applicable
        self.not_assessed += other.not_assessed
        self.satisfied += other.satisfied
        self.evidence_required += other.evidence_required
        self.evidence_provided += other.evidence_provided
        self.evidence_rejected += other.evidence_rejected

    def freeze(self) -> Completion:
        """The counts as an immutable `Completion`."""
        return Completion(
            total=self.total,
            answered=self.answered,
            not_applicable=self.not_applicable,
            not_assessed=self.not_assessed,
            satisfied=self.satisfied,
            evidence_required=self.evidence_required,
            evidence_provided=self.evidence_provided,
            evidence_rejected=self.evidence_rejected,
        )


def summed(tallies: Iterable[Tally]) -> Tally:
    """A new tally holding the sum of several."""
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total
