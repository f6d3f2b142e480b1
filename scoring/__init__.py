"""Pure maturity computation: answers in, levels, scores, gaps and deltas out."""

from .deltas import Change, NodeDelta, ScoreDelta, compare
from .engine import evaluate
from .kinds import AnswerValue, EvidencePolicy, EvidenceState, NodeKind, Reason, Rollup
from .model import DomainSpec, ItemSpec, RequirementSpec, Structure, SubItemSpec
from .plan import Plan, PlanStep, PlanUnit, Rise, StepKind, improvement_plan
from .progress import Progress, progress_toward
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
    "Plan",
    "PlanStep",
    "PlanUnit",
    "Progress",
    "Reason",
    "RequirementSpec",
    "RequirementStatus",
    "Rise",
    "Rollup",
    "ScoreDelta",
    "ScoreResult",
    "StepKind",
    "Structure",
    "SubItemSpec",
    "compare",
    "evaluate",
    "improvement_plan",
    "progress_toward",
]
