"""Use case: find the assessment a command is about: the one named (in this workspace), or
without a name the user's only open one, else the candidates to pick from."""

from __future__ import annotations

import pytest

from questionnaire.domain import AssessmentStatus
from questionnaire.usecases.admin import find_assessment
from questionnaire.usecases.errors import Invalid
from tests.storage.helpers import TEAM_A, TEAM_B, at, new_assessment

from .world import DEV, LEAD, OPS, OUTSIDER, World


def test_a_name_finds_it_whatever_the_case_and_spaces(world: World) -> None:
    found = find_assessment(world.uow, TEAM_A, OUTSIDER, "  q1 REVIEW ")
    assert found == world.assessment()


def test_a_closed_assessment_is_found_by_name(world: World) -> None:
    world.set_status(AssessmentStatus.COMPLETED)
    found = find_assessment(world.uow, TEAM_A, LEAD, "Q1 review")
    assert found == world.assessment()


@pytest.mark.parametrize(("team", "name"), [(TEAM_A, " Nope "), (TEAM_B, "Q1 review")])
def test_a_name_not_in_this_workspace_is_invalid(world: World, team: str, name: str) -> None:
    with pytest.raises(Invalid) as refused:
        find_assessment(world.uow, team, LEAD, name)
    assert refused.value.fields == {
        "name": f"No assessment called “{name.strip()}” in this workspace."
    }


@pytest.mark.parametrize("user", [LEAD, DEV, OPS])
def test_without_a_name_the_users_only_open_assessment(world: World, user: str) -> None:
    assert find_assessment(world.uow, TEAM_A, user, None) == world.assessment()


def test_a_delegate_finds_what_was_handed_to_them(world: World) -> None:
    with world.uow() as uow:
        uow.answers.delegate(TEAM_A, world.aid, ["R001"], OUTSIDER, DEV, world.clock.now())
        uow.commit()
    assert find_assessment(world.uow, TEAM_A, OUTSIDER, None) == world.assessment()


def test_several_open_ones_are_candidates_newest_first_closed_ones_are_not(world: World) -> None:
    with world.uow() as uow:
        newer = new_assessment(uow, name="Q2 review", created_at=at(30))
        new_assessment(uow, name="Old", created_at=at(-30), status=AssessmentStatus.COMPLETED)
        new_assessment(uow, team_id=TEAM_B, name="Theirs", created_at=at(40))
        uow.commit()
    assert find_assessment(world.uow, TEAM_A, LEAD, None) == [newer, world.assessment()]


def test_nobody_with_nothing_open_gets_an_empty_choice(world: World) -> None:
    assert find_assessment(world.uow, TEAM_A, OUTSIDER, None) == []
    world.set_status(AssessmentStatus.COMPLETED)
    assert find_assessment(world.uow, TEAM_A, LEAD, None) == []
    assert find_assessment(world.uow, TEAM_B, LEAD, None) == []
