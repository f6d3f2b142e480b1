"""Scoring's own inputs: the frozen framework structure (its vocabularies are in `kinds.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import NodeKind, Rollup
from .results import Gap, RequirementStatus


@dataclass(frozen=True, slots=True)
class RequirementSpec:
    """One requirement: its id, level, responsible role and whether evidence is required."""

    id: str
    level: int
    role: str = ""
    evidence_required: bool = False


@dataclass(frozen=True, slots=True)
class SubItemSpec:
    """A sub-item: the leaf that is graded, with its requirements in framework order."""

    id: str
    requirements: tuple[RequirementSpec, ...]


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """A capability item and its sub-items in framework order."""

    id: str
    subitems: tuple[SubItemSpec, ...]


@dataclass(frozen=True, slots=True)
class DomainSpec:
    """A capability domain and its items in framework order."""

    id: str
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True, slots=True)
class SubItemPlan:
    """Precomputed per sub-item: its place in the tree and requirement positions by level."""

    spec: SubItemSpec
    item_id: str
    domain_id: str
    first_index: int  # framework-order index of the sub-item's first requirement
    by_level: tuple[tuple[int, ...], ...]  # [level - 1] -> positions in spec.requirements


@dataclass(frozen=True, slots=True)
class Structure:
    """A framework reduced to what scoring needs; build once per framework and reuse.

    `levels` are the declared level numbers; levels run 1..max(levels), and a level number
    without requirements simply never blocks.
    """

    id: str
    levels: tuple[int, ...]
    domains: tuple[DomainSpec, ...]
    rollup: Rollup = Rollup.MIN
    max_level: int = field(init=False, compare=False)
    plans: tuple[SubItemPlan, ...] = field(init=False, repr=False, compare=False)
    requirement_count: int = field(init=False, compare=False)
    # Immutable result parts already built for this structure, reused across evaluations: an
    # answer changes one requirement, so nearly every part of the next result is already here.
    # Shared across threads without a lock: at worst a part is built twice.
    status_memo: dict[tuple[str, str, str, str], RequirementStatus] = field(
        init=False, repr=False, compare=False
    )
    gap_memo: dict[tuple[str, str, int], Gap] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.levels or min(self.levels) < 1 or len(set(self.levels)) != len(self.levels):
            raise ValueError(f"levels must be distinct numbers >= 1, got {self.levels!r}")
        object.__setattr__(self, "rollup", Rollup(self.rollup))
        declared = frozenset(self.levels)
        max_level = max(self.levels)
        seen: dict[NodeKind, set[str]] = {kind: set() for kind in NodeKind}
        requirement_ids: set[str] = set()
        plans: list[SubItemPlan] = []
        index = 0
        for domain in self.domains:
            _claim(seen[NodeKind.DOMAIN], NodeKind.DOMAIN, domain.id)
            for item in domain.items:
                _claim(seen[NodeKind.ITEM], NodeKind.ITEM, item.id)
                for sub in item.subitems:
                    _claim(seen[NodeKind.SUBITEM], NodeKind.SUBITEM, sub.id)
                    by_level: list[list[int]] = [[] for _ in range(max_level)]
                    for position, req in enumerate(sub.requirements):
                        if req.level not in declared:
                            raise ValueError(
                                f"requirement {req.id!r} has undeclared level {req.level}"
                            )
                        if req.id in requirement_ids:
                            raise ValueError(f"duplicate requirement id {req.id!r}")
                        requirement_ids.add(req.id)
                        by_level[req.level - 1].append(position)
                    plans.append(
                        SubItemPlan(
                            spec=sub,
                            item_id=item.id,
                            domain_id=domain.id,
                            first_index=index,
                            by_level=tuple(tuple(p) for p in by_level),
                        )
                    )
                    index += len(sub.requirements)
        object.__setattr__(self, "max_level", max_level)
        object.__setattr__(self, "plans", tuple(plans))
        object.__setattr__(self, "requirement_count", index)
        object.__setattr__(self, "status_memo", {})
        object.__setattr__(self, "gap_memo", {})


def _claim(seen: set[str], kind: NodeKind, node_id: str) -> None:
    if node_id in seen:
        raise ValueError(f"duplicate {kind.value} id {node_id!r}")
    seen.add(node_id)
