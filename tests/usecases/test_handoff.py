"""Use case: "Not me" hands one question, or the owner's whole item, to someone else. The
delegation is recorded, and both sides are told in the same transaction: the actor (under the
page it came from), the owner moved on when that page has nothing left, the receiver given
one message: the page of what was handed to them, saying who handed it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from questionnaire.domain import Answer, HistorySubject
from questionnaire.outbox import HandedOn, NextPage, RefreshPage
from questionnaire.usecases.answering import record_answer
from questionnaire.usecases.errors import Duplicate, NotAllowed, NotFound
from questionnaire.usecases.handoff import HandOff, hand_off
from tests.storage.helpers import TEAM_A

from .world import ADMIN, ADMINS, DEV, DEV2, LEAD, NOW, OPS, OUTSIDER, World, data

NEW = "UNEW"
KEY = "handoff:V-handoff"
ONE = HandOff(TEAM_A, 0, actor=DEV, to_user=NEW, owner=DEV, requirement_id="R001", note="Yours?")
ITEM = HandOff(TEAM_A, 0, DEV, NEW, DEV, item_id="I1", page=0, channel="D-UDEV1", ts="0.1")


def hand(
    world: World, request: HandOff = ONE, once: str | None = "V-handoff", **changes: Any
) -> list[str]:
    asked = replace(request, assessment_id=world.aid, **changes)
    return hand_off(world.uow, world.clock, asked, ADMINS, once=once)


def test_one_question_is_handed_on_recorded_and_both_told(world: World) -> None:
    assert hand(world) == ["R001"]
    assert world.states()["R001"].delegated_to == NEW
    [row] = world.history(HistorySubject.DELEGATION)
    assert (row.actor, row.at, row.requirement_id) == (DEV, NOW, "R001")
    assert (data(row.before), data(row.after)) == ({"delegated_to": None}, {"delegated_to": NEW})
    assert world.routing().owner("R001") == NEW
    assert world.outbox() == [
        (f"{KEY}:done", HandedOn(world.aid, DEV, NEW, ("R001",))),
        # One message for the receiver: the page of what was handed, saying who handed it.
        (f"{KEY}:page", NextPage(world.aid, NEW, "I1", DEV, ("R001",), "Yours?")),
    ]
    # The receiver may answer it now, like its owner.
    record_answer(world.uow, world.clock, TEAM_A, world.aid, "R001", Answer.MET, NEW)
    assert world.states()["R001"].answered_by == NEW


def test_the_whole_item_from_its_page_moves_the_owner_on(world: World) -> None:
    assert hand(world, ITEM) == ["R001", "R003", "R005"]
    page = RefreshPage(world.aid, DEV, "I1", 0, "D-UDEV1", "0.1")
    moved = ("R001", "R003", "R005")
    assert world.outbox() == [
        (f"{KEY}:done", HandedOn(world.aid, DEV, NEW, moved, page)),
        (f"{KEY}:next", NextPage(world.aid, DEV)),  # the page has nothing left: carry on
        (f"{KEY}:page", NextPage(world.aid, NEW, "I1", DEV, moved)),
    ]
    assert world.routing().owned_by(DEV) == []


def test_one_of_several_open_questions_leaves_the_owner_on_their_page(world: World) -> None:
    hand(world, ITEM, requirement_id="R001")
    assert f"{KEY}:next" not in dict(world.outbox())


def test_the_last_open_question_of_a_page_handed_on_moves_the_owner_on(world: World) -> None:
    world.answer({"R003": Answer.MET, "R005": Answer.NOT_MET})
    hand(world, ITEM, requirement_id="R001")
    assert dict(world.outbox())[f"{KEY}:next"] == NextPage(world.aid, DEV)


@pytest.mark.parametrize("actor", [DEV2, LEAD, ADMIN])
def test_other_holders_the_lead_and_admins_may_hand_on_the_owners_work(
    world: World, actor: str
) -> None:
    assert hand(world, ITEM, actor=actor) == ["R001", "R003", "R005"]
    assert world.queued(HandedOn)[0].actor == actor


@pytest.mark.parametrize("actor", [OPS, OUTSIDER])
def test_anyone_else_is_refused_and_nothing_moves(world: World, actor: str) -> None:
    with world.refused(NotAllowed, match=r"Question `R001` is <@UDEV1>'s"):
        hand(world, actor=actor)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"to_user": DEV}, {"user": "Pick someone other than yourself."}),
        ({"owner": OUTSIDER, "requirement_id": None, "item_id": "I1"}, {"requirements": "Nothing to hand on."}),
        ({"requirement_id": None, "item_id": "I9"}, {"requirements": "Nothing to hand on."}),
    ],
)  # fmt: skip
def test_invalid_requests_move_nothing(
    world: World, changes: dict[str, Any], fields: dict[str, str]
) -> None:
    assert world.invalid(lambda: hand(world, **changes)) == fields
    hand(world)  # corrected, the same modal goes through


def test_the_same_modal_submitted_twice_hands_on_once(world: World) -> None:
    hand(world)
    with world.refused(Duplicate):
        hand(world, to_user=OUTSIDER)


def test_an_unknown_requirement_is_not_found(world: World) -> None:
    with world.refused(NotFound, match="R999 is not part"):
        hand(world, requirement_id="R999")


def test_closed_deleted_or_foreign_assessments_keep_their_questions(world: World) -> None:
    world.refuses_unless_open(lambda team: hand(world, team_id=team))
