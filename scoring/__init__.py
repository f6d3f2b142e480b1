"""Pure maturity computation: answers in, levels, scores, gaps and deltas out."""

from .deltas import Change, NodeDelta, ScoreDelta, compare
from .engine import evaluate
from .kinds import AnswerValue, EvidencePolicy, EvidenceState, NodeKind, Reason, Rollup
from .model import DomainSpec, ItemSpec, RequirementSpec, Structure, SubItemSpec
from .results import Completion, Gap, NodeResult, RequirementStatus, ScoreResult

__all__ = [
    "AnswerValue",
    "Change",
    "Completion",
    "DomainSpec",
    "EvidencePolicy",
    "EvidenceState",
    "Gap",
    "ItemSpec",
    "NodeDelta",
    "NodeKind",
    "NodeResult",
    "Reason",
    "RequirementSpec",
    "RequirementStatus",
    "Rollup",
    "ScoreDelta",
    "ScoreResult",
    "Structure",
    "SubItemSpec",
    "compare",
    "evaluate",
]
