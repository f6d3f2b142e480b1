"""What follows answers, queued in the caller's transaction: the completion summary once no
question is open (complete_if_done), and after answers on a page the refresh, the evidence
requests, the next page and the completion (after_answers). Each under a key that makes a
repeat queue nothing more."""

from __future__ import annotations

from questionnaire.domain import Answer, AssessmentStatus
from questionnaire.outbox import Completion, NextPage, RefreshPage
from questionnaire.usecases.context import load_view
from questionnaire.usecases.follow_up import PageAt, after_answers, complete_if_done
from tests.storage.helpers import TEAM_A, new_assessment

from .world import LEAD, NOW, OPS, World, make_world, page_at

ALL_BUT_R005 = {f"R00{n}": Answer.NOT_MET for n in range(5)}


def complete(world: World) -> None:
    with world.uow() as uow:
        complete_if_done(uow, load_view(uow, TEAM_A, world.aid), NOW)
        uow.commit()


def follow(world: World, page: PageAt, *, answered_open: bool = True) -> None:
    with world.uow() as uow:
        view = load_view(uow, TEAM_A, world.aid)
        after_answers(uow, view, page, NOW, answered_open=answered_open)
        uow.commit()


def test_nothing_is_complete_while_a_question_is_open(world: World) -> None:
    world.answer(ALL_BUT_R005)
    complete(world)
    assert world.outbox() == []


def test_every_question_answered_queues_the_summary_once(world: World) -> None:
    world.answer(ALL_BUT_R005 | {"R005": Answer.NOT_APPLICABLE})
    complete(world)
    complete(world)
    assert world.outbox() == [(f"complete:{world.aid}", Completion(world.aid))]


def test_last_times_answers_not_yet_confirmed_are_still_open(world: World) -> None:
    world.answer(ALL_BUT_R005)
    with world.uow() as uow:  # R005 carried over from last time, to be confirmed
        last_time = new_assessment(uow, name="Q4 review", status=AssessmentStatus.COMPLETED)
        assert last_time.id is not None
        uow.answers.record(TEAM_A, last_time.id, "R005", Answer.MET, LEAD, NOW)
        assert uow.answers.carry_over(TEAM_A, last_time.id, world.aid, ["R005"]) == 1
        uow.commit()
    complete(world)
    assert world.outbox() == []


def test_a_closed_assessment_is_not_completed_again(world: World) -> None:
    world.answer(ALL_BUT_R005 | {"R005": Answer.MET})
    world.set_status(AssessmentStatus.COMPLETED)
    complete(world)
    assert world.outbox() == []


def test_a_change_on_a_finished_page_only_refreshes_it(world: World) -> None:
    world.answer(ALL_BUT_R005 | {"R005": Answer.MET})
    follow(world, page_at(OPS), answered_open=False)
    assert world.outbox() == [
        ("refresh:D-UOPS:0.1", RefreshPage(world.aid, OPS, "I1", 0, "D-UOPS", "0.1"))
    ]


def test_evidence_owed_is_not_asked_for_by_a_message_of_its_own(world: World) -> None:
    world.answer({"R000": Answer.MET, "R004": Answer.PARTIAL})  # both owe evidence
    follow(world, page_at(OPS))
    assert world.outbox() == [  # the page shows what is owed, and its thread takes it
        ("refresh:D-UOPS:0.1", RefreshPage(world.aid, OPS, "I1", 0, "D-UOPS", "0.1"))
    ]


def test_a_finished_page_moves_its_owner_on_whoever_answered(world: World) -> None:
    world.answer({"R000": Answer.MET, "R002": Answer.MET, "R004": Answer.MET}, by=LEAD)
    follow(world, page_at(OPS))
    follow(world, page_at(OPS))
    assert world.queued(NextPage) == [NextPage(world.aid, OPS)]
    assert world.queued(Completion) == []  # dev's questions are open


def test_a_page_whose_questions_all_moved_away_moves_its_owner_on() -> None:
    world = make_world(roles={"dev": ["UDEV1"]})
    with world.uow() as uow:  # nobody holds ops: the lead is asked its questions
        uow.answers.delegate(TEAM_A, world.aid, ["R000", "R002", "R004"], OPS, LEAD, NOW)
        uow.commit()
    follow(world, page_at(LEAD))
    assert world.queued(NextPage) == [NextPage(world.aid, LEAD)]
