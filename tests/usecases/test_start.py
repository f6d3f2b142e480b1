"""Use case: start an assessment. Validated field by field, stored with its roles, carrying last
time's answers over to be confirmed, and its kickoff queued in the same transaction, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from questionnaire.domain import Answer, AssessmentStatus, EvidenceKind, HistorySubject
from questionnaire.outbox import Kickoff
from questionnaire.usecases.errors import Duplicate, Invalid
from questionnaire.usecases.start import (
    NAME_MAX,
    PROJECT_MAX,
    OwnerShare,
    StartRequest,
    StartResult,
    start_assessment,
)
from tests.storage.helpers import TEAM_A, TEAM_B, make_framework, new_assessment

from .world import DEV, DEV2, LEAD, NOW, World, data, make_world

REQUEST = StartRequest(
    team_id=TEAM_A,
    lead_id=LEAD,
    name="  Q2 review ",
    project=" Fraud model ",
    framework=make_framework(),
    channel_id="C0002",
    roles={"dev": [DEV, DEV2, DEV], "ops": []},
)
YESTERDAY = NOW.date() - timedelta(days=1)


@pytest.fixture
def world() -> World:
    """A workspace whose "Q1 review" (answered in part, R000 with evidence) is continued below."""
    world = make_world()
    world.answer({"R000": Answer.MET, "R001": Answer.PARTIAL})
    world.attach("R000")
    return world


def start(world: World, once: str | None = None, **changes: Any) -> StartResult:
    return start_assessment(world.uow, world.clock, replace(REQUEST, **changes), once=once)


def test_start_stores_the_assessment_and_queues_its_kickoff(world: World) -> None:
    result = start(world)
    a = result.assessment
    assert a.id is not None
    with world.uow() as uow:
        assert uow.assessments.get(TEAM_A, a.id) == a
        [created] = uow.answers.history(TEAM_A, a.id)
    assert (a.name, a.project, a.channel_id) == ("Q2 review", "Fraud model", "C0002")
    assert a.roles == {"dev": [DEV, DEV2]}  # duplicates dropped, a role nobody holds left out
    assert (a.status, a.created_at) == (AssessmentStatus.ACTIVE, NOW)
    assert (created.subject, created.actor, created.at) == (HistorySubject.ASSIGNMENT, LEAD, NOW)
    assert data(created.after) == {"roles": {"dev": [DEV, DEV2]}}
    # Nobody holds ops: its questions go to the lead, and the lead is told so.
    assert result.fallback_roles == ["ops"]
    assert result.shares == [
        OwnerShare(LEAD, 3, ("I1",), ("ops",), 3 * 15 + 2 * 60),  # R000 and R004 need evidence
        OwnerShare(DEV, 3, ("I1",), ("dev",), 3 * 15),
    ]
    assert result.carried_over == 0
    assert world.outbox() == [(f"kickoff:{a.id}", Kickoff(a.id))]


def test_the_same_modal_submitted_twice_starts_one_assessment(world: World) -> None:
    first = start(world, once="V-start").assessment
    with world.refused(Duplicate):
        start(world, once="V-start")
    assert world.outbox() == [(f"kickoff:{first.id}", Kickoff(first.id or 0))]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"name": " \t "}, {"name": "Give the assessment a name."}),
        ({"name": "x" * (NAME_MAX + 1)}, {"name": f"Keep the name under {NAME_MAX} characters."}),
        ({"project": "  "}, {"project": "Name the project being assessed."}),
        (
            {"project": "p" * (PROJECT_MAX + 1)},
            {"project": f"Keep the project under {PROJECT_MAX} characters."},
        ),
        ({"target_level": 0}, {"target_level": "Pick a target level from 1 to 3."}),
        ({"target_level": 4}, {"target_level": "Pick a target level from 1 to 3."}),
        ({"due_date": YESTERDAY}, {"due_date": "The due date is in the past."}),
        ({"roles": {"qa": [DEV]}}, {"roles": "Unknown roles: qa."}),
        (
            {"roles": {"dev": [f"U{n:06d}" for n in range(11)]}},
            {"roles": "At most 10 people per role; dev has 11."},
        ),
        (
            {"roles": {"dev": ["<!channel>"]}},
            {"roles": "Pick people with the picker: dev holds something that is not a person."},
        ),
        ({"previous_id": 999}, {"previous": "The assessment to continue was not found."}),
        (
            {"name": "Q1 REVIEW ", "project": ""},  # an active assessment has the name already
            {
                "name": "An active assessment is already called “Q1 review”.",
                "project": "Name the project being assessed.",
            },
        ),
    ],
)
def test_invalid_requests_name_every_field_and_store_nothing(
    world: World, changes: dict[str, Any], fields: dict[str, str]
) -> None:
    assert world.invalid(lambda: start(world, once="V-start", **changes)) == fields
    # The modal stays open with its errors: corrected, the same submission goes through.
    assert start(world, once="V-start", name="Q2 review").assessment.name == "Q2 review"


def test_an_empty_picker_of_another_frameworks_role_is_no_problem(world: World) -> None:
    """The framework was changed without the modal's role pickers being redrawn: the old
    framework's empty pickers name nobody and are dropped, not refused."""
    a = start(world, roles={"dev": [DEV], "data_owner": []}).assessment
    assert "data_owner" not in a.roles


def test_a_target_level_and_a_due_date_today_are_kept(world: World) -> None:
    a = start(world, target_level=3, due_date=NOW.date()).assessment
    assert (a.target_level, a.due_date) == (3, NOW.date())


def test_a_closed_assessment_or_another_workspaces_leaves_its_name_free(world: World) -> None:
    assert start(world, team_id=TEAM_B, name="Q1 review").assessment.team_id == TEAM_B
    world.set_status(AssessmentStatus.COMPLETED)
    assert start(world, name="q1 review").assessment.name == "q1 review"


def test_continuing_carries_answers_over_to_confirm_and_copies_evidence(world: World) -> None:
    world.clock.advance(days=90)
    result = start(world, previous_id=world.aid)
    new = result.assessment
    assert new.id is not None and new.previous_id == world.aid
    assert result.carried_over == 2
    with world.uow() as uow:
        states = uow.answers.states(TEAM_A, new.id)
        copied = uow.evidence.for_assessment(TEAM_A, new.id)
    assert {rid: (s.answer, s.to_confirm) for rid, s in states.items()} == {
        "R000": (Answer.MET, True),
        "R001": (Answer.PARTIAL, True),
    }
    [kept] = world.evidence()
    assert [(e.requirement_id, e.kind, e.url) for e in copied] == [
        ("R000", EvidenceKind.LINK, kept.url)
    ]
    assert copied[0].id != kept.id
    # Carried answers still count as questions to ask (to confirm): the shares say so.
    assert sum(share.questions for share in result.shares) == 6
    # ... and take as long, except the evidence that came along (R000's): R004's is still owed.
    assert sum(share.seconds for share in result.shares) == 6 * 15 + 60
    assert world.states()["R000"].to_confirm is False  # last time's are left as they were


def test_the_assessment_to_continue_must_be_this_workspaces_and_this_frameworks(
    world: World,
) -> None:
    with pytest.raises(Invalid) as elsewhere:
        start(world, team_id=TEAM_B, previous_id=world.aid)
    assert elsewhere.value.fields == {"previous": "The assessment to continue was not found."}
    with world.uow() as uow:
        other = new_assessment(uow, name="Old", framework_id="another-framework")
        uow.commit()
    with pytest.raises(Invalid) as different:
        start(world, previous_id=other.id)
    assert different.value.fields == {
        "previous": "“Old” was assessed against another framework (another-framework): "
        "continue an assessment of test-fw, or none."
    }
