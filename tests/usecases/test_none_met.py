"""Use case: "None of the rest is met" on a page records Not met for each of its open questions
the clicker may answer, one history row each, and queues what follows as a click would; a
second click finds nothing open."""

from __future__ import annotations

from questionnaire.domain import Answer, HistorySubject
from questionnaire.outbox import Completion, NextPage, RefreshPage
from questionnaire.usecases.answering import none_met
from questionnaire.usecases.errors import NotAllowed
from tests.storage.helpers import TEAM_A

from .world import ADMINS, DEV, LEAD, NOW, OPS, OUTSIDER, World, page_at


def rest_not_met(world: World, owner: str, actor: str | None = None) -> list[str]:
    recorded = none_met(
        world.uow, world.clock, TEAM_A, world.aid, actor or owner, page_at(owner), ADMINS
    )
    return [state.requirement_id for state in recorded]


def test_the_open_ones_are_not_met_one_history_row_each_and_the_next_page_follows(
    world: World,
) -> None:
    world.answer({"R000": Answer.MET}, by=OPS)
    assert rest_not_met(world, OPS) == ["R002", "R004"]
    states = world.states()
    assert [states[r].answer for r in ("R000", "R002", "R004")] == [
        Answer.MET,
        Answer.NOT_MET,
        Answer.NOT_MET,
    ]
    rows = [(e.requirement_id, e.actor, e.at) for e in world.history(HistorySubject.ANSWER)]
    assert rows[-2:] == [("R002", OPS, NOW), ("R004", OPS, NOW)]
    assert world.outbox() == [
        ("refresh:D-UOPS:0.1", RefreshPage(world.aid, OPS, "I1", 0, "D-UOPS", "0.1")),
        (f"next:{world.aid}:UOPS:I1:0", NextPage(world.aid, OPS)),
    ]  # the developer's questions are open: no completion yet


def test_a_second_click_records_nothing(world: World) -> None:
    rest_not_met(world, OPS)
    before = (world.history(HistorySubject.ANSWER), world.outbox())
    assert rest_not_met(world, OPS) == []
    assert (world.history(HistorySubject.ANSWER), world.outbox()) == before


def test_the_lead_may_on_someone_elses_page_an_outsider_may_not(world: World) -> None:
    with world.refused(NotAllowed):
        rest_not_met(world, OPS, actor=OUTSIDER)
    assert rest_not_met(world, OPS, actor=LEAD) == ["R000", "R002", "R004"]


def test_the_last_open_questions_complete_the_assessment(world: World) -> None:
    world.answer({"R001": Answer.MET, "R003": Answer.MET, "R005": Answer.MET}, by=DEV)
    rest_not_met(world, OPS)
    assert world.queued(Completion) == [Completion(world.aid)]
