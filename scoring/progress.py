"""Progress toward a level: the share of the applicable requirements up to it that are satisfied.

A measure of its own, on its own scale (a percentage of named requirements), so that it cannot be
read as a level the way a 0-5 score can.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import CHILD_KIND, NodeKind
from .results import NodeResult, ScoreResult


@dataclass(frozen=True, slots=True)
class Progress:
    """Satisfied of the applicable requirements at levels 1..`level` under one node."""

    level: int
    satisfied: int
    applicable: int

    @property
    def share(self) -> float:
        """satisfied / applicable; 1.0 when nothing up to the level applies."""
        return self.satisfied / self.applicable if self.applicable else 1.0


def progress_toward(result: ScoreResult, level: int) -> dict[tuple[NodeKind, str], Progress]:
    """Each node's progress toward `level`, keyed by (kind, id)."""
    found: dict[tuple[NodeKind, str], Progress] = {}

    def visit(node: NodeResult) -> Progress:
        if node.kind is NodeKind.SUBITEM:
            counted = [
                s
                for s in map(result.requirement_status, node.children)
                if s.applicable and s.level <= level
            ]
            progress = Progress(level, sum(s.satisfied for s in counted), len(counted))
        else:
            kind = CHILD_KIND[node.kind]
            parts = [visit(result.node(kind, child)) for child in node.children]
            progress = Progress(
                level, sum(p.satisfied for p in parts), sum(p.applicable for p in parts)
            )
        found[(node.kind, node.id)] = progress
        return progress

    visit(result.overall)
    for node in result.nodes():  # the nodes of domains out of scope: nothing counted
        found.setdefault((node.kind, node.id), Progress(level, 0, 0))
    return found
