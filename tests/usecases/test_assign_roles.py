"""Use case: the lead changes who holds which role. Unanswered questions follow the roles, and
everyone concerned is told in the same transaction: the actor what changed, each new holder
what they hold, each holder taken off who is asked instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from questionnaire.domain import HistorySubject
from questionnaire.outbox import RoleGiven, RolesChanged, RoleTaken
from questionnaire.usecases.admin import AssignResult, assign_roles
from questionnaire.usecases.errors import Duplicate, NotAllowed
from tests.storage.helpers import TEAM_A

from .world import ADMIN, ADMINS, DEV, DEV2, LEAD, NOW, OPS, OUTSIDER, World, data

NEW = "UNEW"


def assign(
    world: World,
    roles: Mapping[str, Sequence[str]],
    actor: str = LEAD,
    once: str | None = "V-roles",
    team: str = TEAM_A,
) -> AssignResult:
    return assign_roles(world.uow, world.clock, team, world.aid, roles, actor, ADMINS, once=once)


@pytest.mark.parametrize("actor", [LEAD, ADMIN])
def test_new_holders_hear_what_they_hold_and_old_ones_who_is_asked_now(
    world: World, actor: str
) -> None:
    result = assign(world, {"dev": [DEV2, NEW, NEW], "ops": [OPS]}, actor)
    assert (result.changed_roles, result.added_users) == (["dev"], [NEW])
    assert result.assessment.roles == {"dev": [DEV2, NEW], "ops": [OPS]}
    assert world.assessment() == result.assessment
    [change] = world.history(HistorySubject.ASSIGNMENT)[1:]  # after the creation's row
    assert (change.actor, change.at) == (actor, NOW)
    assert (data(change.before), data(change.after)) == (
        {"role": "dev", "users": [DEV, DEV2]},
        {"role": "dev", "users": [DEV2, NEW]},
    )
    assert world.routing().owner("R001") == DEV2  # the unanswered question followed the role
    assert world.outbox() == [
        ("assign:V-roles:done", RolesChanged(world.aid, actor, ("dev",))),
        ("assign:V-roles:given:UNEW", RoleGiven(world.aid, actor, NEW, ("dev",))),
        ("assign:V-roles:taken:UDEV1", RoleTaken(world.aid, actor, DEV, (("dev", DEV2, True),))),
    ]


def test_a_role_left_empty_sends_its_questions_to_the_lead(world: World) -> None:
    result = assign(world, {"ops": []})
    assert result.assessment.roles == {"dev": [DEV, DEV2]}
    assert world.routing().owner("R000") == LEAD
    assert world.queued(RoleTaken) == [RoleTaken(world.aid, LEAD, OPS, (("ops", LEAD, True),))]
    assert world.queued(RoleGiven) == []


def test_a_holder_who_was_not_asked_first_is_told_so(world: World) -> None:
    assign(world, {"dev": [DEV]})
    assert world.queued(RoleTaken) == [RoleTaken(world.aid, LEAD, DEV2, (("dev", DEV, False),))]


def test_someone_moved_between_roles_hears_both(world: World) -> None:
    assign(world, {"dev": [DEV2], "ops": [DEV, OPS]})
    assert world.queued(RoleGiven) == [RoleGiven(world.aid, LEAD, DEV, ("ops",))]
    assert world.queued(RoleTaken) == [RoleTaken(world.aid, LEAD, DEV, (("dev", DEV2, True),))]


def test_the_actor_is_not_told_they_took_themselves_off(world: World) -> None:
    assign(world, {"ops": [LEAD, OPS]}, once="V-1")
    assign(world, {"ops": [OPS]}, once="V-2")
    assert [m.user_id for m in world.queued(RoleTaken)] == []


def test_the_same_holders_change_nothing_and_say_so(world: World) -> None:
    result = assign(world, {"dev": [DEV, DEV2, DEV], "ops": [OPS]})
    assert (result.changed_roles, result.added_users) == ([], [])
    assert len(world.history(HistorySubject.ASSIGNMENT)) == 1  # the creation's only
    assert world.outbox() == [("assign:V-roles:done", RolesChanged(world.aid, LEAD, ()))]


def test_the_order_of_holders_is_a_change_the_first_is_asked(world: World) -> None:
    assert assign(world, {"dev": [DEV2, DEV]}).changed_roles == ["dev"]
    assert world.routing().owner("R001") == DEV2


def test_the_same_modal_submitted_twice_changes_and_tells_once(world: World) -> None:
    assign(world, {"dev": [NEW]})
    with world.refused(Duplicate):
        assign(world, {"dev": [NEW]})


def test_without_a_modal_each_request_is_told_under_its_own_keys(world: World) -> None:
    assign(world, {"dev": [NEW]}, once=None)
    later = world.clock.advance(minutes=1)
    assign(world, {"dev": [NEW]}, once=None)
    assert [(k, m) for k, m in world.outbox() if isinstance(m, RolesChanged)] == [
        (f"assign:ULEAD@{NOW.isoformat()}:done", RolesChanged(world.aid, LEAD, ("dev",))),
        (f"assign:ULEAD@{later.isoformat()}:done", RolesChanged(world.aid, LEAD, ())),
    ]


@pytest.mark.parametrize("actor", [DEV, OPS, OUTSIDER])
def test_only_the_lead_or_an_admin_may(world: World, actor: str) -> None:
    with world.refused(NotAllowed) as refused:
        assign(world, {"dev": [actor]}, actor)
    assert str(refused.value) == (
        "Only the lead of “Q1 review” (<@ULEAD>) or an admin can change who holds which role."
    )


def test_an_unknown_role_is_invalid(world: World) -> None:
    refused = world.invalid(lambda: assign(world, {"qa": [DEV], "sec": [], "dev": [NEW]}))
    assert refused == {"roles": "Unknown roles: qa."}  # an empty picker names nobody


def test_closed_deleted_or_foreign_assessments_keep_their_roles(world: World) -> None:
    world.refuses_unless_open(lambda team: assign(world, {"dev": [NEW]}, team=team))
