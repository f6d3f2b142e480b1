"""Terse builders of scoring structures for tests."""

from __future__ import annotations

from scoring import DomainSpec, ItemSpec, RequirementSpec, Rollup, Structure, SubItemSpec


def req(rid: str, level: int, role: str = "dev", evidence: bool = False) -> RequirementSpec:
    """One requirement."""
    return RequirementSpec(id=rid, level=level, role=role, evidence_required=evidence)


def sub(sid: str, *requirements: RequirementSpec) -> SubItemSpec:
    """One sub-item."""
    return SubItemSpec(id=sid, requirements=requirements)


def single(*requirements: RequirementSpec, max_level: int = 3) -> Structure:
    """A framework with one domain, one item and one sub-item `S`."""
    return tree({"D": {"I": [sub("S", *requirements)]}}, max_level=max_level)


def tree(
    domains: dict[str, dict[str, list[SubItemSpec]]],
    max_level: int = 3,
    rollup: Rollup = Rollup.MIN,
) -> Structure:
    """A framework from {domain id: {item id: [sub-items]}}."""
    return Structure(
        id="fw",
        levels=tuple(range(1, max_level + 1)),
        rollup=rollup,
        domains=tuple(
            DomainSpec(
                id=domain_id,
                items=tuple(
                    ItemSpec(id=item_id, subitems=tuple(subs)) for item_id, subs in items.items()
                ),
            )
            for domain_id, items in domains.items()
        ),
    )


def staircase(sid: str, max_level: int = 3) -> SubItemSpec:
    """A sub-item with one requirement `<sid>.L<n>` per level."""
    return sub(sid, *(req(f"{sid}.L{n}", n) for n in range(1, max_level + 1)))
