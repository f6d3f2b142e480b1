"""Use case: the lead (or an admin) closes an assessment. Its answers are frozen from then on,
and the final summary is queued with the close, once."""

from __future__ import annotations

import pytest

from questionnaire.domain import Answer, AssessmentStatus, HistorySubject
from questionnaire.outbox import FinalSummary
from questionnaire.usecases.admin import close_assessment
from questionnaire.usecases.answering import record_answer
from questionnaire.usecases.errors import Closed, NotAllowed
from tests.storage.helpers import TEAM_A

from .world import ADMIN, ADMINS, DEV, LEAD, NOW, OPS, OUTSIDER, World, data


def close(world: World, actor: str = LEAD, team: str = TEAM_A) -> None:
    close_assessment(world.uow, world.clock, team, world.aid, actor, ADMINS)


@pytest.mark.parametrize("actor", [LEAD, ADMIN])
def test_the_lead_or_an_admin_closes_it_and_the_final_summary_is_queued(
    world: World, actor: str
) -> None:
    closed = close_assessment(world.uow, world.clock, TEAM_A, world.aid, actor, ADMINS)
    assert (closed.status, closed.closed_at) == (AssessmentStatus.COMPLETED, NOW)
    assert world.assessment() == closed
    [status] = world.history(HistorySubject.STATUS)
    assert (status.actor, status.at) == (actor, NOW)
    assert (data(status.before), data(status.after)) == (
        {"status": "active"},
        {"status": "completed"},
    )
    assert world.outbox() == [(f"final:{world.aid}", FinalSummary(world.aid, actor))]


def test_closing_again_is_refused_and_the_summary_stays_one(world: World) -> None:
    close(world)
    with world.refused(Closed, match="“Q1 review” is closed"):
        close(world, ADMIN)


def test_answers_are_frozen_once_closed(world: World) -> None:
    close(world)
    with pytest.raises(Closed, match="answers can no longer change"):
        record_answer(world.uow, world.clock, TEAM_A, world.aid, "R001", Answer.MET, DEV)
    assert world.states() == {}


@pytest.mark.parametrize("actor", [DEV, OPS, OUTSIDER])
def test_people_asked_questions_and_outsiders_may_not_close(world: World, actor: str) -> None:
    with world.refused(NotAllowed) as refused:
        close(world, actor)
    assert str(refused.value) == "Only the lead of “Q1 review” (<@ULEAD>) or an admin can close it."


def test_closed_deleted_or_foreign_assessments_are_refused(world: World) -> None:
    world.refuses_unless_open(lambda team: close(world, team=team))
