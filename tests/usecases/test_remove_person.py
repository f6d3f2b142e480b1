"""Use case: someone Slack cannot reach (deactivated, unknown) is taken off every role when the
kickoff goes out, acting as the lead; their questions fall to the next holder, else the lead."""

from __future__ import annotations

from questionnaire.domain import HistorySubject
from questionnaire.usecases.admin import remove_person
from questionnaire.usecases.errors import NotFound
from tests.storage.helpers import TEAM_A, TEAM_B

from .world import DEV, DEV2, LEAD, NOW, OPS, OUTSIDER, World, data, make_world


# Why a test below is an expected failure (a bug in the use case, not in the test).
def remove(world: World, user_id: str, team: str = TEAM_A) -> list[str]:
    return remove_person(world.uow, world.clock, team, world.aid, user_id, LEAD)


def test_every_role_is_taken_and_its_questions_fall_to_the_next_holder() -> None:
    world = make_world(roles={"dev": [DEV, DEV2], "ops": [DEV, OPS]})
    assert remove(world, DEV) == ["dev", "ops"]
    after = world.assessment()
    assert after is not None and after.roles == {"dev": [DEV2], "ops": [OPS]}
    changes = world.history(HistorySubject.ASSIGNMENT)[1:]  # after the creation's row
    assert [(e.actor, e.at, data(e.after)) for e in changes] == [
        (LEAD, NOW, {"role": "dev", "users": [DEV2]}),
        (LEAD, NOW, {"role": "ops", "users": [OPS]}),
    ]
    routing = world.routing()
    assert (routing.owner("R001"), routing.owner("R000")) == (DEV2, OPS)
    assert world.outbox() == []  # the kickoff's delivery tells the lead


def test_the_last_holder_gone_the_lead_is_asked(world: World) -> None:
    assert remove(world, OPS) == ["ops"]
    assert world.routing().owner("R000") == LEAD
    assert world.routing().fallback_roles() == ["ops"]


def test_someone_without_a_role_changes_nothing(world: World) -> None:
    before = world.tables()
    assert remove(world, OUTSIDER) == []
    assert world.tables() == before


def test_another_workspace_or_a_deleted_assessment_is_not_found(world: World) -> None:
    with world.refused(NotFound):
        remove(world, DEV, team=TEAM_B)
    world.delete()
    with world.refused(NotFound):
        remove(world, DEV)


def test_closed_deleted_or_foreign_assessments_keep_their_roles(world: World) -> None:
    world.refuses_unless_open(lambda team: remove(world, DEV, team=team))
