"""Gaps: the unsatisfied requirements between a sub-item's level and its target level."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import SubItemPlan
from .results import Gap, RequirementStatus


def subitem_target(level: int, target_level: int | None, max_level: int) -> int:
    """The level gaps are counted up to: the given target, else the next level (capped)."""
    if target_level is not None:
        return target_level
    return min(level + 1, max_level)


def subitem_gaps(
    plan: SubItemPlan,
    statuses: Sequence[RequirementStatus],
    target: int,
    memo: dict[tuple[str, str, int], Gap],
) -> Iterable[tuple[int, int, Gap]]:
    """(level, framework index, gap) for each blocker at levels 1..target of one sub-item.

    `statuses` are the sub-item's requirement statuses in framework order; `memo` holds gaps
    already built for this structure.
    """
    for level_index in range(min(target, len(plan.by_level))):
        for position in plan.by_level[level_index]:
            status = statuses[position]
            if status.reason is None:
                continue
            key = (status.id, status.reason, target)
            gap = memo.get(key)
            if gap is None:
                gap = memo[key] = Gap(
                    requirement_id=status.id,
                    subitem_id=plan.spec.id,
                    item_id=plan.item_id,
                    domain_id=plan.domain_id,
                    level=status.level,
                    role=status.role,
                    reason=status.reason,
                    target_level=target,
                )
            yield status.level, plan.first_index + position, gap


def ordered(rows: Iterable[tuple[int, int, Gap]]) -> tuple[Gap, ...]:
    """Gaps ordered by level, then framework order."""
    return tuple(gap for _, _, gap in sorted(rows, key=lambda row: (row[0], row[1])))
