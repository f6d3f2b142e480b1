"""Scoring's vocabularies: answers, evidence, policies, roll-ups, reasons and node kinds."""

from __future__ import annotations

from enum import StrEnum


class AnswerValue(StrEnum):
    """How a requirement was answered; `unanswered` when nobody has (or it awaits confirmation);
    `not_assessed` when adaptive questioning skipped it (above a level already blocked)."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    NOT_ASSESSED = "not_assessed"


class EvidenceState(StrEnum):
    """Evidence for one requirement: none, some not rejected (`provided`), or all rejected."""

    NONE = "none"
    PROVIDED = "provided"
    REJECTED = "rejected"


class EvidencePolicy(StrEnum):
    """Whether required evidence gates levels (`strict`) or is only reported (`lenient`)."""

    STRICT = "strict"
    LENIENT = "lenient"


class Rollup(StrEnum):
    """How a parent's level follows from its children's levels."""

    MIN = "min"
    MEAN_FLOOR = "mean-floor"


class Reason(StrEnum):
    """Why an applicable requirement is not satisfied."""

    UNANSWERED = "unanswered"
    NOT_ASSESSED = "not_assessed"
    NOT_MET = "not_met"
    PARTIALLY_MET = "partially_met"
    EVIDENCE_MISSING = "evidence_missing"
    EVIDENCE_REJECTED = "evidence_rejected"


class NodeKind(StrEnum):
    """The four levels of the framework tree that carry a level and a score."""

    OVERALL = "overall"
    DOMAIN = "domain"
    ITEM = "item"
    SUBITEM = "subitem"


PARENT_KIND = {  # the kind of a node's parent
    NodeKind.SUBITEM: NodeKind.ITEM,
    NodeKind.ITEM: NodeKind.DOMAIN,
    NodeKind.DOMAIN: NodeKind.OVERALL,
}
CHILD_KIND = {parent: child for child, parent in PARENT_KIND.items()}  # ... and of its children
