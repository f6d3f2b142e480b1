"""Deltas between two results of one framework: level and score changes, gaps opened and closed."""

from __future__ import annotations

from enum import StrEnum

from .kinds import NodeKind
from .results import NodeResult, ScoreResult, _Frozen


class Change(StrEnum):
    """How a node differs between the previous and the current result."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


class NodeDelta(_Frozen):
    """One node's level and score before and after (None on the side where it is absent)."""

    kind: NodeKind
    id: str
    change: Change
    level_before: int | None
    level_after: int | None
    score_before: float | None
    score_after: float | None

    @property
    def level_change(self) -> int | None:
        """after - before, or None when the node is on one side only."""
        if self.level_before is None or self.level_after is None:
            return None
        return self.level_after - self.level_before

    @property
    def score_change(self) -> float | None:
        """after - before, or None when the node is on one side only."""
        if self.score_before is None or self.score_after is None:
            return None
        return self.score_after - self.score_before


class ScoreDelta(_Frozen):
    """What changed from a previous result to the current one."""

    nodes: tuple[NodeDelta, ...]  # overall, domains, items, sub-items; removed ones after each kind
    gaps_opened: tuple[str, ...]  # requirement ids that are gaps now and were not (current order)
    gaps_closed: tuple[str, ...]  # requirement ids that were gaps and are not now (previous order)
    improved: tuple[str, ...]  # requirements satisfied now that were applicable and not before
    regressed: tuple[str, ...]  # requirements satisfied before that are applicable and not now

    @property
    def overall(self) -> NodeDelta:
        """The overall node's delta."""
        return self.nodes[0]

    def node(self, kind: NodeKind, node_id: str) -> NodeDelta:
        """The delta of one node; KeyError if neither result has it."""
        kind = NodeKind(kind)
        for delta in self.nodes:
            if delta.kind is kind and (kind is NodeKind.OVERALL or delta.id == node_id):
                return delta
        raise KeyError((kind, node_id))

    def changed(self) -> tuple[NodeDelta, ...]:
        """Nodes that were added, removed or changed level or score."""
        return tuple(d for d in self.nodes if d.change is not Change.UNCHANGED)


def compare(previous: ScoreResult, current: ScoreResult) -> ScoreDelta:
    """The delta from `previous` (e.g. the last assessment) to `current` (the re-assessment).

    Nodes are matched by kind and id (the overall node always matches); nodes on one side only
    are reported as added or removed, and a node out of scope counts as absent on its side.
    """
    nodes = [_node_delta(NodeKind.OVERALL, current.overall.id, previous.overall, current.overall)]
    for before, after in (
        (previous.domains, current.domains),
        (previous.items, current.items),
        (previous.subitems, current.subitems),
    ):
        old = {n.id: n for n in before if n.in_scope}
        new_ids = {n.id for n in after if n.in_scope}
        nodes.extend(_node_delta(n.kind, n.id, old.get(n.id), n) for n in after if n.in_scope)
        nodes.extend(
            _node_delta(n.kind, n.id, n, None) for n in old.values() if n.id not in new_ids
        )

    old_gaps = {g.requirement_id for g in previous.gaps}
    new_gaps = {g.requirement_id for g in current.gaps}
    old_reqs = {r.id: r for r in previous.requirements}
    improved: list[str] = []
    regressed: list[str] = []
    for req in current.requirements:
        was = old_reqs.get(req.id)
        if was is None:
            continue
        if req.satisfied and not was.satisfied and was.applicable:
            improved.append(req.id)
        elif was.satisfied and not req.satisfied and req.applicable:
            regressed.append(req.id)
    return ScoreDelta(
        nodes=tuple(nodes),
        gaps_opened=tuple(
            g.requirement_id for g in current.gaps if g.requirement_id not in old_gaps
        ),
        gaps_closed=tuple(
            g.requirement_id for g in previous.gaps if g.requirement_id not in new_gaps
        ),
        improved=tuple(improved),
        regressed=tuple(regressed),
    )


def _node_delta(
    kind: NodeKind, node_id: str, before: NodeResult | None, after: NodeResult | None
) -> NodeDelta:
    if before is None:
        change = Change.ADDED
    elif after is None:
        change = Change.REMOVED
    elif before.level != after.level or before.score != after.score:
        change = Change.CHANGED
    else:
        change = Change.UNCHANGED
    return NodeDelta(
        kind=kind,
        id=node_id,
        change=change,
        level_before=None if before is None else before.level,
        level_after=None if after is None else after.level,
        score_before=None if before is None else before.score,
        score_after=None if after is None else after.score,
    )
