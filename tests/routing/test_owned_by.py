"""Who is asked what: `owned_by` reads only the person's roles and hand-offs, yet gives what
routing every requirement one by one gives, whatever the hand-offs, deactivated holders, skips
and modules left out of scope."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from questionnaire import routing as routing_module
from questionnaire.domain import Answer, Assessment, RequirementState
from questionnaire.registry import FrameworkRegistry
from questionnaire.routing import Routing

CAICT = FrameworkRegistry().get("caict-mlops-dev-mgmt")
PEOPLE = ["ULEAD", "UA", "UB", "UC", "UD", "UE"]


def _assessment(rng: random.Random, *, plain: bool = False) -> Assessment:
    """Random holders; `plain`: nothing skipped, nothing left out of scope."""
    roles = {
        role.key: rng.sample(PEOPLE[1:], rng.randint(0, 2))
        for role in CAICT.roles
        if rng.random() < 0.8  # some roles have nobody: the lead is asked
    }
    return Assessment(
        team_id="T1",
        name="A",
        project="P",
        framework_id=CAICT.id,
        framework_version=CAICT.version,
        framework_hash="h",
        lead_id="ULEAD",
        channel_id="C1",
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
        roles=roles,
        adaptive=not plain and rng.random() < 0.5,
        out_of_scope=() if plain else tuple(d for d in CAICT.domain_ids() if rng.random() < 0.25),
    )


def _states(rng: random.Random, *, plain: bool = False) -> dict[str, RequirementState]:
    """Random answers, and (unless `plain`) hand-offs, to active and deactivated people."""
    states = {}
    for loc in CAICT.requirements():
        rid, roll = loc.requirement.id, rng.random()
        if roll < 0.1 and not plain:
            states[rid] = RequirementState(rid, delegated_to=rng.choice([*PEOPLE, "UGONE"]))
        elif roll < 0.3:
            states[rid] = RequirementState(rid, answer=rng.choice(list(Answer)), answered_by="UA")
    return states


def _one_by_one(routing: Routing, user_id: str) -> list[str]:
    return [
        loc.requirement.id
        for loc in routing.asked()
        if routing.owner(loc.requirement.id) == user_id
    ]


@pytest.mark.parametrize("seed", range(30))
def test_owned_by_is_every_asked_requirement_routed_to_the_person(seed: int) -> None:
    """A third of the cases have no hand-off, skip or left-out module (a person's share is then
    their roles' requirements as worked out once for the framework); the rest have all three."""
    rng = random.Random(seed)
    plain = seed % 3 == 0
    inactive = set(rng.sample([*PEOPLE[1:], "UGONE"], rng.randint(0, 2)))
    routing = Routing(CAICT, _assessment(rng, plain=plain), _states(rng, plain=plain), inactive)
    everyone = [rid for user in [*PEOPLE, "UGONE"] for rid in _one_by_one(routing, user)]
    assert sorted(everyone) == sorted(loc.requirement.id for loc in routing.asked())
    for user in [*PEOPLE, "UGONE"]:
        asked = _one_by_one(routing, user)
        assert [loc.requirement.id for loc in routing.owned_by(user)] == asked
        by_item = routing.owned_by_item(user)
        assert [loc.requirement.id for locs in by_item for loc in locs] == asked
        assert all(len({loc.item.id for loc in locs}) == 1 for locs in by_item)
        assert len({locs[0].item.id for locs in by_item}) == len(by_item)


def test_the_role_sets_kept_per_framework_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-running bot keeps a bounded number of role combinations per framework, the oldest
    dropped first, and a combination asked again after it was dropped is worked out anew, the
    same."""
    monkeypatch.setattr(routing_module, "_ROLE_SETS_KEPT", 2)
    order = routing_module._order_of(CAICT)
    order._of_roles.clear()  # a cache: whatever other tests left in it is worked out again
    roles = [role.key for role in CAICT.roles][:3]
    first = order.of_roles(frozenset(roles[:1]))
    assert first.requirements and {loc.role for loc in first.requirements} == {roles[0]}
    for n in (2, 3):
        order.of_roles(frozenset(roles[:n]))
    assert list(order._of_roles) == [frozenset(roles[:2]), frozenset(roles[:3])]
    again = order.of_roles(frozenset(roles[:1]))
    assert again is not first and again.requirements == first.requirements
