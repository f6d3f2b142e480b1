"""Scoring's outputs: frozen, JSON-serialisable pydantic models for nodes, requirements and gaps."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from .kinds import AnswerValue, EvidencePolicy, EvidenceState, NodeKind, Reason, Rollup


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Completion(_Frozen):
    """Answer and evidence counts over the requirements under one node."""

    total: int
    answered: int  # not-applicable counts as answered
    not_applicable: int
    not_assessed: int  # skipped by adaptive questioning: neither answered nor still to ask
    satisfied: int
    evidence_required: int  # answered met or partial, and evidence is required
    evidence_provided: int  # of those, with evidence that is not rejected
    evidence_rejected: int  # of those, whose evidence is all rejected

    @property
    def applicable(self) -> int:
        """Requirements not answered not-applicable."""
        return self.total - self.not_applicable

    @property
    def unanswered(self) -> int:
        """Requirements with no (confirmed) answer yet that are still to be asked."""
        return self.total - self.answered - self.not_assessed

    @property
    def answered_share(self) -> float:
        """answered / total, 1.0 when there is nothing to answer."""
        return self.answered / self.total if self.total else 1.0

    @property
    def evidence_share(self) -> float:
        """evidence_provided / evidence_required, 1.0 when no evidence is due."""
        return self.evidence_provided / self.evidence_required if self.evidence_required else 1.0

    @property
    def provisional(self) -> bool:
        """True while any requirement under the node is still to be asked."""
        return self.unanswered > 0


class NodeResult(_Frozen):
    """Level, score and completion of one node (sub-item, item, domain or the overall model)."""

    kind: NodeKind
    id: str
    parent: str | None  # None for the overall node
    children: tuple[str, ...]  # child node ids; for a sub-item, its requirement ids
    level: int  # 0 = not yet the first level
    score: float  # exact value of a rational in 0..max_level; round only for display
    what_if_level: int  # the level if every gap under this node were closed
    completion: Completion
    # False for the nodes of a domain the assessment left out of scope: nothing under them is
    # asked or counted, and their level, score and completion (all zero) mean nothing.
    in_scope: bool = True

    @property
    def display_score(self) -> float:
        """The score rounded to 2 decimals, for display."""
        return round(self.score, 2)


class RequirementStatus(_Frozen):
    """How one requirement counts: applicable, satisfied, and if not, why."""

    id: str
    subitem: str
    level: int
    role: str
    answer: AnswerValue
    evidence: EvidenceState
    evidence_required: bool
    applicable: bool  # False when answered not-applicable
    satisfied: bool  # met, and under the strict policy any required evidence provided
    reason: Reason | None  # None exactly when satisfied or not applicable
    credit: float  # share of the requirement counted in the score: 0, 0.5 or 1

    @property
    def evidence_outstanding(self) -> bool:
        """Evidence is required for a met/partial answer but none acceptable is provided."""
        return (
            self.evidence_required
            and self.answer in (AnswerValue.MET, AnswerValue.PARTIAL)
            and self.evidence is not EvidenceState.PROVIDED
        )


class Gap(_Frozen):
    """An unsatisfied applicable requirement that keeps a sub-item below its target level."""

    requirement_id: str
    subitem_id: str
    item_id: str
    domain_id: str
    level: int
    role: str
    reason: Reason
    target_level: int  # the sub-item's target: the given target, else its next level


class ScoreResult(_Frozen):
    """Everything scoring says about one assessment; nodes and requirements in framework order."""

    structure_id: str
    max_level: int
    rollup: Rollup
    policy: EvidencePolicy
    target_level: int | None
    provisional: bool  # any requirement unanswered (not-assessed ones are settled)
    out_of_scope: tuple[str, ...] = ()  # domain ids left out: the overall rolls up the rest
    overall: NodeResult
    domains: tuple[NodeResult, ...]
    items: tuple[NodeResult, ...]
    subitems: tuple[NodeResult, ...]
    requirements: tuple[RequirementStatus, ...]  # none for the domains out of scope
    gaps: tuple[Gap, ...]  # ordered by level, then framework order

    _requirement_index: dict[str, int] = PrivateAttr(default_factory=dict)
    _node_index: dict[tuple[NodeKind, str], NodeResult] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        # Derived eagerly, never lazily: pydantic's equality also compares private attributes.
        self._requirement_index = {r.id: i for i, r in enumerate(self.requirements)}
        self._node_index = {(n.kind, n.id): n for n in self.nodes()}

    def requirement_status(self, requirement_id: str) -> RequirementStatus:
        """The status of one requirement; KeyError if the structure has no such requirement or it
        lies in a domain out of scope."""
        return self.requirements[self._requirement_index[requirement_id]]

    def node(self, kind: NodeKind, node_id: str) -> NodeResult:
        """The node of this kind and id; KeyError if there is none."""
        return self._node_index[(NodeKind(kind), node_id)]

    def domain(self, domain_id: str) -> NodeResult:
        """The domain node with this id."""
        return self.node(NodeKind.DOMAIN, domain_id)

    def item(self, item_id: str) -> NodeResult:
        """The item node with this id."""
        return self.node(NodeKind.ITEM, item_id)

    def subitem(self, subitem_id: str) -> NodeResult:
        """The sub-item node with this id."""
        return self.node(NodeKind.SUBITEM, subitem_id)

    def nodes(self) -> tuple[NodeResult, ...]:
        """All nodes: overall, then domains, items and sub-items in framework order."""
        return (self.overall, *self.domains, *self.items, *self.subitems)

    def gaps_by_role(self) -> dict[str, tuple[Gap, ...]]:
        """Gaps grouped by responsible role; roles in order of their most urgent gap."""
        groups: dict[str, list[Gap]] = {}
        for gap in self.gaps:
            groups.setdefault(gap.role, []).append(gap)
        return {role: tuple(gaps) for role, gaps in groups.items()}

    def gaps_under(self, kind: NodeKind, node_id: str) -> tuple[Gap, ...]:
        """The gaps under one node (all of them for the overall node)."""
        kind = NodeKind(kind)
        if kind is NodeKind.OVERALL:
            return self.gaps
        if kind is NodeKind.DOMAIN:
            return tuple(g for g in self.gaps if g.domain_id == node_id)
        if kind is NodeKind.ITEM:
            return tuple(g for g in self.gaps if g.item_id == node_id)
        return tuple(g for g in self.gaps if g.subitem_id == node_id)
