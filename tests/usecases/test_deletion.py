"""Use case: the lead (or an admin) deletes an assessment. First what it would destroy, then
the deletion of all of it, with the notes it owes queued in the same transaction: its channel,
the actor and the lead told, and people's question pages retired."""

from __future__ import annotations

from dataclasses import replace

import pytest

from questionnaire.domain import Answer, AssessmentStatus, EvidenceKind, PendingReply, Position
from questionnaire.outbox import Deleted
from questionnaire.usecases.deletion import DeletionImpact, delete_assessment, deletion_impact
from questionnaire.usecases.errors import Duplicate, NotAllowed, NotFound
from tests.storage.helpers import TEAM_A, TEAM_B, new_assessment

from .world import ADMIN, ADMINS, DEV, LEAD, NOW, OPS, OUTSIDER, World

ANSWERS = {"R000": Answer.MET, "R001": Answer.PARTIAL}


@pytest.fixture
def world(world: World) -> World:
    """Two answers, one piece of evidence, R003 handed to UOUT, a kept thread reply, the pages
    UDEV1 and the lead look at (UOPS's position has no message), and a second assessment."""
    world.answer(ANSWERS)
    world.attach("R000")
    world.showing(DEV)
    world.showing(LEAD, ts="7.7")
    with world.uow() as uow:
        uow.answers.delegate(TEAM_A, world.aid, ["R003"], OUTSIDER, DEV, world.clock.now())
        uow.positions.save(TEAM_A, Position(world.aid, OPS, "I1"))
        uow.prompts.keep(
            TEAM_A,
            PendingReply(
                world.aid,
                OPS,
                "D-UOPS",
                "0.1",
                ((EvidenceKind.LINK, "https://x.example", None),),
                NOW,
            ),
        )
        other = new_assessment(uow, name="Q2 review")
        uow.answers.record(TEAM_A, other.id or 0, "R001", Answer.MET, DEV, world.clock.now())
        uow.commit()
    return world


def pages(impact: DeletionImpact) -> list[tuple[str | None, str | None]]:
    return sorted((p.channel_id, p.message_ts) for p in impact.pages)


def impact_of(world: World, actor: str = LEAD, team: str = TEAM_A) -> DeletionImpact:
    return deletion_impact(world.uow, team, world.aid, actor, ADMINS)


def delete(world: World, actor: str = LEAD, once: str | None = "V-delete") -> DeletionImpact:
    return delete_assessment(world.uow, world.clock, TEAM_A, world.aid, actor, ADMINS, once=once)


@pytest.mark.parametrize("actor", [LEAD, ADMIN])
def test_the_impact_counts_what_would_be_lost_and_deletes_nothing(world: World, actor: str) -> None:
    before = world.tables()
    impact = impact_of(world, actor)
    assert (impact.assessment, impact.answers, impact.evidence) == (world.assessment(), 2, 1)
    assert impact.people == 4  # the three role holders and the one R003 was handed to
    assert pages(impact) == [("D-UDEV1", "0.1"), ("D-ULEAD", "7.7")]
    assert world.tables() == before


@pytest.mark.parametrize("actor", [LEAD, ADMIN])
def test_deleting_removes_all_of_it_and_queues_the_notes(world: World, actor: str) -> None:
    impact = delete(world, actor)
    assert (impact.answers, impact.evidence, impact.people) == (2, 1, 4)
    t = world.store.tables
    assert world.aid not in t.assessments
    assert [k for k in t.states if k[0] == world.aid] == []
    assert [e for e in t.evidence.values() if e.assessment_id == world.aid] == []
    assert [e for _, e in t.history if e.assessment_id == world.aid] == []
    assert [k for k in t.positions if k[0] == world.aid] == []
    assert t.prompts == {} and t.pending == {}
    assert len(t.assessments) == len(t.states) == 1  # the other assessment is untouched
    [(key, deleted)] = world.outbox()
    assert key == f"deleted:{world.aid}:V-delete"
    assert replace(deleted, pages=()) == Deleted(
        actor, "Q1 review", "Fraud model", "C0001", LEAD, answers=2, evidence=1, people=4
    )
    assert sorted(deleted.pages) == [("D-UDEV1", "0.1"), ("D-ULEAD", "7.7")]


def test_a_closed_assessment_can_be_deleted(world: World) -> None:
    world.set_status(AssessmentStatus.COMPLETED)
    delete(world)
    assert world.assessment() is None


def test_the_same_modal_twice_deletes_and_tells_once_a_later_request_finds_nothing(
    world: World,
) -> None:
    delete(world)
    with world.refused(Duplicate):
        delete(world)
    with world.refused(NotFound):
        delete(world, once="V-another")
    with world.refused(NotFound):
        impact_of(world)


@pytest.mark.parametrize("actor", [DEV, OPS, OUTSIDER])
def test_only_the_lead_or_an_admin_may_and_a_refusal_keeps_everything(
    world: World, actor: str
) -> None:
    message = "Only the lead of “Q1 review” (<@ULEAD>) or an admin can delete it."
    with world.refused(NotAllowed) as looked:
        impact_of(world, actor)
    with world.refused(NotAllowed) as refused:
        delete(world, actor)
    assert str(looked.value) == str(refused.value) == message


def test_another_workspaces_assessment_is_not_found(world: World) -> None:
    with world.refused(NotFound):
        impact_of(world, team=TEAM_B)
    with world.refused(NotFound):
        delete_assessment(world.uow, world.clock, TEAM_B, world.aid, LEAD, once="V-delete")
