"""Adaptive questioning: which requirements are not asked because a lower level already blocks.

Derived from the stored answers, never stored. Within a sub-item, the lowest level with a
confirmed Not met or Partially met answer is its blocking level: no evidence policy can satisfy
such an answer, so the sub-item's level is below it whatever is answered above. The open
requirements above it are "not assessed". A Met still owing evidence does not block (evidence may
come later) and Not applicable never does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from questionnaire.domain import Answer, RequirementState, is_open
from questionnaire.framework import Framework, Item, SubItem

BLOCKING = frozenset({Answer.NOT_MET, Answer.PARTIAL})


@dataclass(frozen=True, slots=True)
class Skipped:
    """What adaptive questioning skipped in one sub-item, and the answer that blocks it."""

    subitem: SubItem
    level: int  # the blocking level
    answer: Answer  # the blocking answer (the first at that level in framework order)
    requirement_ids: tuple[str, ...]  # the not-assessed requirements, in framework order


def blocks(state: RequirementState | None) -> bool:
    """A confirmed Not met or Partially met answer: unsatisfied under every evidence policy."""
    return state is not None and not state.to_confirm and state.answer in BLOCKING


def skipped(framework: Framework, states: Mapping[str, RequirementState]) -> list[Skipped]:
    """Per sub-item with a blocking level and open requirements above it, what is skipped."""
    return [entry for _, item in framework.items() for entry in skipped_in_item(item, states)]


def skipped_in_item(item: Item, states: Mapping[str, RequirementState]) -> list[Skipped]:
    """What is skipped in the sub-items of one capability item."""
    return [entry for sub in item.subitems if (entry := _skipped_in(sub, states)) is not None]


def not_assessed(framework: Framework, states: Mapping[str, RequirementState]) -> frozenset[str]:
    """The ids of the requirements adaptive questioning does not ask, given the stored states.
    Only the sub-items holding a blocking answer are looked at, found from the states: routing
    works this out for every click, whatever the framework's size."""
    blocked = {
        loc.subitem.id: loc.subitem
        for rid, state in states.items()
        if blocks(state) and framework.has_requirement(rid)
        for loc in (framework.locate(rid),)
    }
    return frozenset(
        rid
        for sub in blocked.values()
        if (entry := _skipped_in(sub, states)) is not None
        for rid in entry.requirement_ids
    )


def _skipped_in(sub: SubItem, states: Mapping[str, RequirementState]) -> Skipped | None:
    blockers = [req for req in sub.requirements if blocks(states.get(req.id))]
    if not blockers:
        return None
    blocker = min(blockers, key=lambda req: req.level)  # min keeps the first of equal levels
    answer = states[blocker.id].answer
    assert answer is not None
    above = tuple(
        req.id
        for req in sub.requirements
        if req.level > blocker.level and is_open(states.get(req.id))
    )
    return Skipped(sub, blocker.level, answer, above) if above else None
