"""The path to the goal level: the blockers of each sub-item level as units, ordered by what they
unlock per effort.

A *unit* is every unsatisfied applicable requirement at one level of one sub-item; clearing it
(once the levels below are clear) raises the sub-item, and maybe its item, domain and the overall
model. Units are planned in phases, one per level from the overall level's next up to the goal:
phase L holds the units at levels up to L. Within a phase the plan repeatedly takes, among each
sub-item's lowest pending unit, the one with the most levels unlocked per effort (ties in
framework order), and records what rises when it is done, given the units before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .kinds import CHILD_KIND, PARENT_KIND, NodeKind, Reason
from .levels import rollup_level, subitem_level
from .results import RequirementStatus, ScoreResult


class StepKind(StrEnum):
    """What a step asks for: paperwork, practice, an answer, or a question not yet asked."""

    EVIDENCE = "evidence"  # answered met; the required evidence is missing or rejected
    PRACTICE = "practice"  # partially met or not met: the team has work to do
    ANSWER = "answer"  # not answered yet
    NOT_ASSESSED = "not_assessed"  # skipped by adaptive questioning: to be answered


STEP_KINDS = {
    Reason.EVIDENCE_MISSING: StepKind.EVIDENCE,
    Reason.EVIDENCE_REJECTED: StepKind.EVIDENCE,
    Reason.PARTIALLY_MET: StepKind.PRACTICE,
    Reason.NOT_MET: StepKind.PRACTICE,
    Reason.UNANSWERED: StepKind.ANSWER,
    Reason.NOT_ASSESSED: StepKind.NOT_ASSESSED,
}
# Relative effort of closing one blocker: adding evidence is the cheapest, an open question may
# well be met already, a partial practice is half done, a missing practice is the most work.
EFFORT = {
    Reason.EVIDENCE_MISSING: 1,
    Reason.EVIDENCE_REJECTED: 1,
    Reason.UNANSWERED: 2,
    Reason.NOT_ASSESSED: 2,
    Reason.PARTIALLY_MET: 3,
    Reason.NOT_MET: 5,
}


@dataclass(frozen=True, slots=True)
class Rise:
    """A node whose level goes up: from `before` to `level`."""

    kind: NodeKind
    id: str
    before: int
    level: int


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One blocker to clear: its requirement, why it blocks, its kind and effort."""

    requirement_id: str
    subitem_id: str
    level: int
    role: str
    reason: Reason
    kind: StepKind
    effort: int


@dataclass(frozen=True, slots=True)
class PlanUnit:
    """The blockers of one sub-item level, and what rises once they are all cleared."""

    subitem_id: str
    item_id: str
    domain_id: str
    level: int
    steps: tuple[PlanStep, ...]
    unlocks: tuple[Rise, ...]  # sub-item first, then item, domain, overall (those that rise)

    @property
    def effort(self) -> int:
        """The sum of the steps' efforts."""
        return sum(step.effort for step in self.steps)

    @property
    def quick_win(self) -> bool:
        """Only evidence is missing: the practice is there, the paperwork is not."""
        return all(step.kind is StepKind.EVIDENCE for step in self.steps)

    def under(self, kind: NodeKind, node_id: str) -> bool:
        """Whether the unit's sub-item lies under (or is) this node."""
        if kind is NodeKind.OVERALL:
            return True
        ids = {NodeKind.DOMAIN: self.domain_id, NodeKind.ITEM: self.item_id}
        return ids.get(kind, self.subitem_id) == node_id


@dataclass(frozen=True, slots=True)
class Plan:
    """The ordered units toward `goal`; `start` is the overall level the plan starts from."""

    goal: int
    start: int
    units: tuple[PlanUnit, ...]

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        """Every step in plan order."""
        return tuple(step for unit in self.units for step in unit.steps)

    def until(self, kind: NodeKind, node_id: str, level: int) -> tuple[PlanUnit, ...]:
        """The units under a node, in plan order, up to the one that lifts it to `level`
        (all of them when none does)."""
        units = []
        for unit in self.units:
            if not unit.under(kind, node_id):
                continue
            units.append(unit)
            if any(r.kind is kind and r.id == node_id and r.level >= level for r in unit.unlocks):
                break
        return tuple(units)


def improvement_plan(result: ScoreResult, goal: int) -> Plan:
    """The plan that lifts every sub-item below `goal` to it, ordered as the module says."""
    tree = _Tree(result)
    pending = {sid: list(units) for sid, units in tree.units(goal).items() if units}
    planned: list[PlanUnit] = []
    for phase in range(result.overall.level + 1, goal + 1):
        while True:
            ready = [units[0] for units in pending.values() if units and units[0][1] <= phase]
            if not ready:
                break
            best = max(ready, key=lambda unit: (tree.value(unit), -tree.order[unit[0]]))
            pending[best[0]].pop(0)
            planned.append(tree.complete(best))
    return Plan(goal=goal, start=result.overall.level, units=tuple(planned))


_Unit = tuple[str, int, tuple[PlanStep, ...]]  # sub-item id, level, steps


class _Tree:
    """The node tree's levels, updated as units are completed."""

    def __init__(self, result: ScoreResult) -> None:
        self.result = result
        self.parent = {(n.kind, n.id): n.parent for n in result.nodes()}
        self.level = {(n.kind, n.id): n.level for n in result.nodes()}
        self.order = {n.id: i for i, n in enumerate(result.subitems)}
        self.children: dict[tuple[NodeKind, str], list[tuple[NodeKind, str]]] = {
            (n.kind, n.id): [(CHILD_KIND[n.kind], child) for child in n.children]
            for n in result.nodes()
            if n.kind is not NodeKind.SUBITEM
        }
        self.blocked: dict[str, list[bool]] = {}
        self.scoped = tuple(node for node in result.subitems if node.in_scope)
        for node in self.scoped:
            statuses = [result.requirement_status(r) for r in node.children]
            self.blocked[node.id] = [
                any(s.level == level and s.reason is not None for s in statuses)
                for level in range(1, result.max_level + 1)
            ]

    def units(self, goal: int) -> dict[str, list[_Unit]]:
        """Each sub-item's units at levels above its level, up to `goal`, lowest first."""
        units: dict[str, list[_Unit]] = {}
        for node in self.scoped:
            statuses = [self.result.requirement_status(r) for r in node.children]
            units[node.id] = [
                (node.id, level, steps)
                for level in range(node.level + 1, goal + 1)
                if (steps := _steps(s for s in statuses if s.level == level))
            ]
        return units

    def value(self, unit: _Unit) -> Fraction:
        """Levels unlocked (summed over the nodes that rise) per effort."""
        rises = self._rises(unit)
        return Fraction(sum(r.level - r.before for r in rises), sum(s.effort for s in unit[2]))

    def complete(self, unit: _Unit) -> PlanUnit:
        """Record the unit as done and say what rose."""
        subitem_id, level, steps = unit
        rises = self._rises(unit)
        self.blocked[subitem_id][level - 1] = False
        for rise in rises:
            self.level[(rise.kind, rise.id)] = rise.level
        item_id = self.parent[(NodeKind.SUBITEM, subitem_id)] or ""
        domain_id = self.parent[(NodeKind.ITEM, item_id)] or ""
        return PlanUnit(subitem_id, item_id, domain_id, level, steps, rises)

    def _rises(self, unit: _Unit) -> tuple[Rise, ...]:
        """The nodes whose level would go up if this unit were done next."""
        subitem_id, level, _ = unit
        blocked = list(self.blocked[subitem_id])
        blocked[level - 1] = False
        key = (NodeKind.SUBITEM, subitem_id)
        changed = {key: subitem_level(blocked)}  # the new levels along the path to the top
        rises = []
        while True:
            if changed[key] > self.level[key]:
                rises.append(Rise(key[0], key[1], self.level[key], changed[key]))
            parent_id = self.parent[key]
            if parent_id is None:
                return tuple(rises)
            key = (PARENT_KIND[key[0]], parent_id)
            levels = [changed.get(c, self.level[c]) for c in self.children[key]]
            changed[key] = rollup_level(levels, self.result.rollup, self.result.max_level)


def _steps(statuses: Iterable[RequirementStatus]) -> tuple[PlanStep, ...]:
    """The blockers among one level's statuses, in framework order."""
    return tuple(
        PlanStep(s.id, s.subitem, s.level, s.role, reason, STEP_KINDS[reason], EFFORT[reason])
        for s in statuses
        if (reason := s.reason) is not None
    )
