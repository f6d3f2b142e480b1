"""Use case: record (or clear) an answer, by whoever may answer it. Clicked on a question page,
what follows is queued with it: the page refreshed, evidence asked for once, the next page once
the page is done, and the completion summary once everything is."""

from __future__ import annotations

import pytest

from questionnaire.domain import Answer, HistorySubject, RequirementState
from questionnaire.outbox import Completion, NextPage, RefreshPage
from questionnaire.usecases.answering import AnswerOutcome, record_answer
from questionnaire.usecases.errors import NotAllowed, NotFound
from questionnaire.usecases.follow_up import PageAt
from tests.storage.helpers import TEAM_A

from .world import (
    ADMIN,
    ADMINS,
    DEV,
    DEV2,
    LEAD,
    NOW,
    OPS,
    OUTSIDER,
    World,
    data,
    make_world,
    owner_of,
    page_at,
)


def answer(
    world: World,
    requirement_id: str,
    value: Answer | None,
    actor: str | None = None,
    page: PageAt | None = None,
    team: str = TEAM_A,
) -> AnswerOutcome:
    who = actor or owner_of(requirement_id)
    return record_answer(
        world.uow, world.clock, team, world.aid, requirement_id, value, who, ADMINS, page
    )


@pytest.mark.parametrize("actor", [DEV, DEV2, LEAD, ADMIN])
def test_who_may_answer_records_it_with_a_history_row(world: World, actor: str) -> None:
    outcome = answer(world, "R001", Answer.PARTIAL, actor)
    expected = RequirementState("R001", Answer.PARTIAL, None, actor, NOW)
    assert (outcome.before, outcome.after) == (None, expected)
    assert world.states() == {"R001": expected}
    [row] = world.history(HistorySubject.ANSWER)
    assert (row.actor, row.at, row.requirement_id, row.before) == (actor, NOW, "R001", None)
    assert data(row.after)["answer"] == "partial"
    assert world.outbox() == []  # not clicked on a page: nothing follows


def test_a_changed_answer_keeps_its_comment_and_a_cleared_one_is_gone(world: World) -> None:
    answer(world, "R001", Answer.MET)
    with world.uow() as uow:
        uow.answers.set_comment(TEAM_A, world.aid, "R001", "Versioned.", DEV, NOW)
        uow.commit()
    world.clock.advance(minutes=5)
    changed = answer(world, "R001", Answer.NOT_MET, DEV2).after
    assert (changed.answer, changed.comment, changed.answered_by) == (
        Answer.NOT_MET,
        "Versioned.",
        DEV2,
    )
    answer(world, "R003", Answer.MET)
    answer(world, "R003", None)
    assert "R003" not in world.states()
    assert [
        data(e.after) for e in world.history(HistorySubject.ANSWER) if e.requirement_id == "R003"
    ][-1] is None


@pytest.mark.parametrize(
    ("requirement_id", "value", "needed"),
    [
        ("R000", Answer.MET, True),
        ("R000", Answer.PARTIAL, True),
        ("R000", Answer.NOT_MET, False),
        ("R000", Answer.NOT_APPLICABLE, False),
        ("R002", Answer.MET, False),  # R002 needs no evidence
    ],
)
def test_evidence_is_needed_for_met_or_partial_where_the_framework_asks(
    world: World, requirement_id: str, value: Answer, needed: bool
) -> None:
    assert answer(world, requirement_id, value).evidence_needed is needed


def test_evidence_already_given_is_not_asked_for_again(world: World) -> None:
    world.attach("R000")
    assert not answer(world, "R000", Answer.MET, page=page_at(OPS)).evidence_needed


def test_on_a_page_each_click_refreshes_it_and_owed_evidence_posts_nothing(world: World) -> None:
    assert answer(world, "R000", Answer.MET, page=page_at(OPS)).evidence_needed
    assert world.outbox() == [  # the page shows "Evidence needed"; no request DM
        ("refresh:D-UOPS:0.1", RefreshPage(world.aid, OPS, "I1", 0, "D-UOPS", "0.1")),
    ]
    answer(world, "R000", Answer.PARTIAL, page=page_at(OPS))
    answer(world, "R002", Answer.MET, page=page_at(OPS))
    assert len(world.outbox()) == 1  # the refresh replaced
    [refresh] = [row for row in world.store.tables.outbox.values() if row.key.startswith("refresh")]
    assert refresh.version == 3


def test_the_outcome_holds_the_refreshed_page_with_its_evidence(world: World) -> None:
    """The click's transaction reads the evidence of the page it refreshes (and no other), so
    the request that delivers the page draws it without reading the assessment again."""
    world.attach("R000")
    outcome = answer(world, "R000", Answer.MET, page=page_at(OPS))
    view = outcome.view
    assert view.states["R000"] == outcome.after
    shown = [loc.requirement.id for loc in view.routing.owned_by(OPS)]
    assert view.has_evidence_of(shown) and not view.has_evidence_of(["R001"])
    assert [(e.requirement_id, e.url) for e in view.evidence] == [
        ("R000", "https://wiki.example/proof")
    ]
    # Not clicked on a page: no page, so no evidence read.
    assert not answer(world, "R001", Answer.MET).view.evidence_of


def test_finishing_a_page_queues_the_next_page_once() -> None:
    world = make_world(requirements=14)  # UOPS: R000..R010 on page 0, R012 on page 1
    first_page = [f"R{n:03d}" for n in range(0, 12, 2)]
    for rid in first_page[:-1]:
        answer(world, rid, Answer.NOT_MET, page=page_at(OPS))
    assert world.queued(NextPage) == []
    answer(world, first_page[-1], Answer.NOT_MET, page=page_at(OPS))
    next_key = f"next:{world.aid}:UOPS:I1:0"
    assert dict(world.outbox())[next_key] == NextPage(world.aid, OPS)
    answer(world, first_page[-1], Answer.NOT_APPLICABLE, page=page_at(OPS))  # changed again
    answer(world, "R002", Answer.MET, LEAD, page=page_at(OPS))  # the lead on UOPS's page
    assert world.queued(NextPage) == [NextPage(world.aid, OPS)]
    assert world.queued(Completion) == []  # R012 and all of dev's are still open


def test_the_last_answer_queues_the_completion_summary_once(world: World) -> None:
    world.answer({rid: Answer.NOT_MET for rid in ("R000", "R001", "R002", "R003", "R004")})
    answer(world, "R005", Answer.MET, page=page_at(DEV))
    assert [key for key, _ in world.outbox()] == [
        "refresh:D-UDEV1:0.1",
        f"next:{world.aid}:UDEV1:I1:0",
        f"complete:{world.aid}",
    ]
    assert world.queued(Completion) == [Completion(world.aid)]
    answer(world, "R005", Answer.PARTIAL, page=page_at(DEV))  # a change of mind
    answer(world, "R005", None, page=page_at(DEV))
    answer(world, "R005", Answer.MET, page=page_at(DEV))  # done again
    assert world.queued(Completion) == [Completion(world.aid)]
    assert len(world.queued(NextPage)) == 1


@pytest.mark.parametrize("actor", [OPS, OUTSIDER])
def test_someone_else_is_refused_and_nothing_changes(world: World, actor: str) -> None:
    with world.refused(NotAllowed) as refused:
        answer(world, "R001", Answer.MET, actor, page=page_at(DEV))
    assert str(refused.value) == (
        "Question `R001` is <@UDEV1>'s. Only they, other holders of its role, the lead and "
        "admins can answer it."
    )


def test_a_handed_on_question_belongs_to_the_receiver_and_its_role(world: World) -> None:
    with world.uow() as uow:
        uow.answers.delegate(TEAM_A, world.aid, ["R001"], OUTSIDER, DEV, NOW)
        uow.commit()
    answer(world, "R001", Answer.MET, OUTSIDER)
    answer(world, "R001", Answer.PARTIAL, DEV2)
    with pytest.raises(NotAllowed, match="is <@UOUT>'s"):
        answer(world, "R001", Answer.MET, OPS)


def test_an_unknown_requirement_is_not_found(world: World) -> None:
    with world.refused(NotFound, match="R999 is not part"):
        answer(world, "R999", Answer.MET, LEAD)


def test_closed_deleted_or_foreign_assessments_take_no_answers(world: World) -> None:
    world.refuses_unless_open(
        lambda team: answer(world, "R001", Answer.MET, page=page_at(DEV), team=team)
    )
