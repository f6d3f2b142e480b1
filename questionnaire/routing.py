"""Routing: requirement → responsible role → the person who is asked (and who may answer)."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from questionnaire.adaptive import not_assessed
from questionnaire.domain import Assessment, RequirementState
from questionnaire.framework import Framework, Located


@dataclass(frozen=True, slots=True)
class Routing:
    """Who owns which requirement in one assessment, given the stored states.

    The owner is the delegate when a requirement was handed off, else the first active holder of
    its responsible role, else the lead. `inactive` holds users Slack reports deactivated or
    unknown: their questions fall to the next holder or the lead. In an adaptive assessment,
    the questions adaptive questioning skips (`skipped`) are owned but not asked; the
    requirements of the domains the assessment left out of scope (`out_of_scope`) are neither.
    """

    framework: Framework
    assessment: Assessment
    states: Mapping[str, RequirementState]
    inactive: Collection[str] = ()
    skipped: frozenset[str] = field(init=False)
    out_of_scope: frozenset[str] = field(init=False)
    # Role -> who is asked its questions (first active holder, else the lead): worked out once,
    # so routing a whole framework costs one lookup per requirement.
    _asked_for_role: dict[str, str] = field(init=False, repr=False, compare=False)
    # Person -> their questions (`owned_by`): a click works them out once for the use case and
    # the page it draws from the same view.
    _owned: dict[str, _Owned] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        skipped = (
            not_assessed(self.framework, self.states) if self.assessment.adaptive else frozenset()
        )
        object.__setattr__(self, "skipped", skipped)
        left_out = set(self.assessment.out_of_scope)
        # Only the left-out domains are walked: routing is worked out on every click.
        object.__setattr__(
            self,
            "out_of_scope",
            frozenset(
                requirement.id
                for domain in self.framework.domains
                if domain.id in left_out
                for item in domain.items
                for sub in item.subitems
                for requirement in sub.requirements
            ),
        )
        object.__setattr__(self, "_asked_for_role", {})
        object.__setattr__(self, "_owned", {})

    def _active(self, users: Iterable[str]) -> list[str]:
        return [u for u in users if u not in self.inactive]

    def owner(self, requirement_id: str) -> str:
        """The person who is asked this requirement."""
        return self._owner(requirement_id, self.framework.locate(requirement_id).role)

    def _owner(self, requirement_id: str, role: str) -> str:
        state = self.states.get(requirement_id)
        if state and state.delegated_to and state.delegated_to not in self.inactive:
            return state.delegated_to
        return self._owner_of_role(role)

    def _owner_of_role(self, role: str) -> str:
        """Who is asked a role's questions (unless one was handed to someone else)."""
        asked = self._asked_for_role.get(role)
        if asked is None:
            holders = self._active(self.assessment.holders(role))
            asked = self._asked_for_role[role] = holders[0] if holders else self.assessment.lead_id
        return asked

    def may_answer(self, user_id: str, requirement_id: str, admins: Collection[str] = ()) -> bool:
        """The routed owner, any holder of the role, the lead and admins may answer (admins
        asked last: finding them may cost a Slack call). Nobody answers a requirement the
        assessment left out of scope."""
        if requirement_id in self.out_of_scope:
            return False
        if user_id in (self.assessment.lead_id, self.owner(requirement_id)):
            return True
        role = self.framework.locate(requirement_id).role
        return user_id in self.assessment.holders(role) or user_id in admins

    def asked(self) -> list[Located]:
        """The requirements that are asked (all but the skipped ones and those out of scope), in
        framework order."""
        return [
            loc
            for loc in self.framework.requirements()
            if loc.requirement.id not in self.skipped
            and loc.requirement.id not in self.out_of_scope
        ]

    def owned_by(self, user_id: str) -> list[Located]:
        """The requirements asked of this person, in framework order: those of the roles they
        are asked for and those handed to them, less those adaptive questioning skips and those
        of modules the assessment left out of scope. Worked out from the person's roles, not
        the whole framework (a page drawn for them costs the same in a framework ten times the
        size)."""
        return list(self._mine(user_id).requirements)

    def owned_by_item(self, user_id: str) -> tuple[tuple[Located, ...], ...]:
        """`owned_by`, item by item in framework order (each tuple holds one item's)."""
        return self._mine(user_id).by_item

    def _mine(self, user_id: str) -> _Owned:
        found = self._owned.get(user_id)
        if found is not None:
            return found
        order = _order_of(self.framework)
        roles = frozenset(role for role in order.by_role if self._owner_of_role(role) == user_id)
        of_roles = order.of_roles(roles)
        # Who each handed-off requirement went to (a deactivated delegate hands it back).
        handed = {
            rid: state.delegated_to
            for rid, state in self.states.items()
            if state.delegated_to is not None and state.delegated_to not in self.inactive
        }
        away = any(to != user_id and rid in of_roles.ids for rid, to in handed.items())
        came = [
            rid
            for rid, to in handed.items()
            if to == user_id and rid not in of_roles.ids and rid in order.position
        ]
        if (
            not away
            and not came
            and self.skipped.isdisjoint(of_roles.ids)
            and self.out_of_scope.isdisjoint(of_roles.ids)
        ):
            mine = of_roles  # as the roles give it: worked out once per framework
        else:
            owned = [
                loc
                for loc in (*of_roles.requirements, *map(self.framework.locate, came))
                if loc.requirement.id not in self.skipped
                and loc.requirement.id not in self.out_of_scope
                and handed.get(loc.requirement.id, user_id) == user_id
            ]
            owned.sort(key=lambda loc: order.position[loc.requirement.id])
            mine = _Owned.of(owned)
        self._owned[user_id] = mine
        return mine

    def by_owner(self) -> dict[str, list[Located]]:
        """Every owner with the requirements asked of them, owners in order of first appearance."""
        result: dict[str, list[Located]] = {}
        for loc in self.asked():
            result.setdefault(self._owner(loc.requirement.id, loc.role), []).append(loc)
        return result

    def fallback_roles(self) -> list[str]:
        """Roles with no active holder, whose questions go to the lead."""
        return [
            role.key
            for role in self.framework.roles
            if not self._active(self.assessment.holders(role.key))
        ]


@dataclass(frozen=True, slots=True)
class _Owned:
    """Requirements in framework order: their ids, and the same grouped item by item."""

    requirements: tuple[Located, ...]
    ids: frozenset[str]
    by_item: tuple[tuple[Located, ...], ...]

    @classmethod
    def of(cls, requirements: Iterable[Located]) -> _Owned:
        """From requirements in framework order (an item's requirements are next to each
        other in it)."""
        ordered = tuple(requirements)
        groups: list[list[Located]] = []
        for loc in ordered:
            if groups and groups[-1][0].item.id == loc.item.id:
                groups[-1].append(loc)
            else:
                groups.append([loc])
        ids = frozenset(loc.requirement.id for loc in ordered)
        return cls(ordered, ids, tuple(tuple(group) for group in groups))


@dataclass(frozen=True, slots=True)
class _Order:
    """A framework's requirements by role, each one's place in document order, and the
    requirements of each set of roles someone is asked for (kept as they are first asked, the
    oldest dropped first beyond `_ROLE_SETS_KEPT`: people hold few combinations of roles)."""

    by_role: dict[str, tuple[Located, ...]]
    position: dict[str, int]
    _of_roles: dict[frozenset[str], _Owned] = field(default_factory=dict)

    def of_roles(self, roles: frozenset[str]) -> _Owned:
        found = self._of_roles.get(roles)
        if found is None:
            locs = (loc for role in roles for loc in self.by_role[role])
            found = _Owned.of(sorted(locs, key=lambda loc: self.position[loc.requirement.id]))
            with _ORDERS_LOCK:  # two threads at once store equal values
                while len(self._of_roles) >= _ROLE_SETS_KEPT:
                    self._of_roles.pop(next(iter(self._of_roles)))
                self._of_roles[roles] = found
        return found


_ORDERS: dict[int, tuple[Framework, _Order]] = {}  # by id(): the framework is kept alive here
_ORDERS_KEPT = 32
# Per framework kept (`_ORDERS_KEPT` of them): at most 32 x 64 sets of roles, each a tuple and a
# set of its requirements (some 100 KB for a framework of 2,800).
_ROLE_SETS_KEPT = 64
_ORDERS_LOCK = threading.Lock()


def _order_of(framework: Framework) -> _Order:
    """The framework's `_Order`, worked out once per framework object (frameworks are parsed
    once per content hash and reused)."""
    found = _ORDERS.get(id(framework))
    if found is not None and found[0] is framework:
        return found[1]
    by_role: dict[str, list[Located]] = {}
    position: dict[str, int] = {}
    for n, loc in enumerate(framework.requirements()):
        by_role.setdefault(loc.role, []).append(loc)
        position[loc.requirement.id] = n
    order = _Order({role: tuple(locs) for role, locs in by_role.items()}, position)
    with _ORDERS_LOCK:
        if len(_ORDERS) >= _ORDERS_KEPT:
            _ORDERS.pop(next(iter(_ORDERS)))
        _ORDERS[id(framework)] = (framework, order)
    return order
