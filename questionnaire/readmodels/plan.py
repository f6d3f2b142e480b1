"""The improvement plan as people read it: each step with its requirement, owner, kind, what it
unlocks, and the framework's guidance and good-evidence examples."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaire.framework import Framework
from questionnaire.routing import Routing
from scoring import NodeKind, Plan, PlanUnit, Reason, Rise, StepKind

KIND_LABELS = {
    StepKind.EVIDENCE: "evidence only",
    StepKind.PRACTICE: "practice",
    StepKind.ANSWER: "to answer",
    StepKind.NOT_ASSESSED: "not assessed, to answer",
}
REASON_NOTES = {Reason.PARTIALLY_MET: "partially met", Reason.NOT_MET: "not met"}


@dataclass(frozen=True, slots=True)
class Unlock:
    """A node that rises once a unit is done: its kind, id, name and new level."""

    kind: NodeKind
    id: str
    name: str
    level: int
    label: str  # `L2 · Professional`


@dataclass(frozen=True, slots=True)
class StepRow:
    """One step of the plan with everything a reader needs to act on it."""

    number: int  # 1.. in plan order
    requirement_id: str
    text: str
    level: int
    owner: str  # Slack user id
    role: str
    role_name: str
    kind: StepKind
    reason: Reason
    item_id: str
    item_name: str
    subitem_name: str
    guidance: str
    examples: tuple[str, ...]
    quick_win: bool  # its unit is evidence only
    unlocks: tuple[Unlock, ...]  # on a unit's last step: what rises once the unit is done
    with_steps: tuple[str, ...]  # the unit's other requirement ids (needed with this one)

    @property
    def kind_label(self) -> str:
        """`evidence only`, `practice (not met)`, `to answer`, ..."""
        note = REASON_NOTES.get(self.reason)
        return f"{KIND_LABELS[self.kind]} ({note})" if note else KIND_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class Path:
    """What it takes one node to reach a level: the steps and how many are quick wins."""

    level: int
    label: str  # `Level 2 · Professional`
    steps: tuple[StepRow, ...]

    @property
    def quick_wins(self) -> int:
        """Steps of evidence-only units."""
        return sum(1 for step in self.steps if step.quick_win)


@dataclass(frozen=True, slots=True)
class PlanView:
    """The whole plan toward the goal, as rows."""

    plan: Plan
    goal_label: str
    steps: tuple[StepRow, ...]

    def phases(self) -> list[tuple[int, tuple[StepRow, ...]]]:
        """The steps by the level they lead to: first the next overall level, then the next."""
        phases: dict[int, list[StepRow]] = {}
        for step in self.steps:
            phases.setdefault(max(step.level, self.plan.start + 1), []).append(step)
        return [(level, tuple(steps)) for level, steps in phases.items()]

    def path(self, kind: NodeKind, node_id: str, level: int, label: str) -> Path:
        """The steps (in plan order) that lift one node to `level`."""
        units = self.plan.until(kind, node_id, level)
        wanted = {step.requirement_id for unit in units for step in unit.steps}
        return Path(level, label, tuple(s for s in self.steps if s.requirement_id in wanted))


def plan_view(
    framework: Framework,
    routing: Routing,
    plan: Plan,
    names: dict[tuple[NodeKind, str], str],
    locale: str,
) -> PlanView:
    """The plan's steps with names, owners, guidance and examples; `names` names each node."""
    rows: list[StepRow] = []
    for unit in plan.units:
        for index, step in enumerate(unit.steps):
            located = framework.locate(step.requirement_id)
            requirement = located.requirement
            last = index == len(unit.steps) - 1
            rows.append(
                StepRow(
                    number=len(rows) + 1,
                    requirement_id=step.requirement_id,
                    text=requirement.text.get(locale),
                    level=step.level,
                    owner=routing.owner(step.requirement_id),
                    role=step.role,
                    role_name=framework.role(step.role).name.get(locale) if step.role else "",
                    kind=step.kind,
                    reason=step.reason,
                    item_id=unit.item_id,
                    item_name=located.item.name.get(locale),
                    subitem_name=located.subitem.name.get(locale),
                    guidance=requirement.guidance.get(locale),
                    examples=tuple(e.get(locale) for e in requirement.evidence.examples),
                    quick_win=unit.quick_win,
                    unlocks=_unlocks(framework, unit, names, locale) if last else (),
                    with_steps=tuple(
                        s.requirement_id
                        for s in unit.steps
                        if s.requirement_id != step.requirement_id
                    ),
                )
            )
    goal = framework.level_label(plan.goal, locale, long=True)
    return PlanView(plan, goal, tuple(rows))


def _unlocks(
    framework: Framework, unit: PlanUnit, names: dict[tuple[NodeKind, str], str], locale: str
) -> tuple[Unlock, ...]:
    return tuple(_unlock(framework, rise, names, locale) for rise in unit.unlocks)


def _unlock(
    framework: Framework, rise: Rise, names: dict[tuple[NodeKind, str], str], locale: str
) -> Unlock:
    name = names.get((rise.kind, rise.id), rise.id)
    label = framework.level_label(rise.level, locale)
    return Unlock(rise.kind, rise.id, name, rise.level, label)
