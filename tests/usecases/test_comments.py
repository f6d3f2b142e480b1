"""Use case: a comment on an answer, by whoever may answer it; trimmed, bounded, empty clears."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.config.clock import FixedClock
from questionnaire.domain import Answer, AssessmentStatus, Position, RequirementState
from questionnaire.outbox import Message, RefreshPage
from questionnaire.ports import UnitOfWork
from questionnaire.usecases.answering import COMMENT_MAX, record_answer, set_comment
from questionnaire.usecases.errors import Closed, Duplicate, Invalid, NotAllowed, NotFound
from questionnaire.usecases.follow_up import PageAt
from tests.fakes import MemoryStore
from tests.storage.helpers import T0, TEAM_A, TEAM_B, at, new_assessment

ADMIN = "UADMIN"
DEV_REQUIREMENT = "R001"  # routed to the dev role: UDEV1 and UDEV2; UOPS holds the other role


@dataclass
class World:
    """An in-memory store with one assessment of the storage tests' framework in TEAM_A."""

    uow: Callable[[], UnitOfWork]
    aid: int
    store: MemoryStore

    def comment(
        self,
        text: str | None,
        actor: str = "UDEV1",
        team: str = TEAM_A,
        *,
        page: PageAt | None = None,
        once: str | None = None,
    ) -> RequirementState:
        clock = FixedClock(at(5))
        return set_comment(
            self.uow,
            clock,
            team,
            self.aid,
            DEV_REQUIREMENT,
            text,
            actor,
            admins={ADMIN},
            page=page,
            once=once,
        )

    def queued(self) -> list[tuple[str, Message]]:
        return [(row.key, row.message) for row in self.store.tables.outbox.values()]

    def answer(self, answer: Answer, actor: str = "UDEV1") -> None:
        clock = FixedClock(T0)
        record_answer(self.uow, clock, TEAM_A, self.aid, DEV_REQUIREMENT, answer, actor, {ADMIN})

    def stored(self) -> RequirementState | None:
        with self.uow() as work:
            return work.answers.get(TEAM_A, self.aid, DEV_REQUIREMENT)


def _world(status: AssessmentStatus = AssessmentStatus.ACTIVE) -> World:
    store = MemoryStore()
    with store.uow_factory()() as work:
        added = new_assessment(work, status=status)
        work.commit()
    assert added.id is not None
    return World(store.uow_factory(), added.id, store)


@pytest.fixture
def world() -> World:
    return _world()


@pytest.mark.parametrize("actor", ["UDEV1", "UDEV2", "ULEAD", ADMIN])
def test_who_may_answer_may_comment_and_the_answer_stays(world: World, actor: str) -> None:
    world.answer(Answer.PARTIAL)
    after = world.comment("  We version data,\nnot features.  ", actor)
    expected = RequirementState(
        DEV_REQUIREMENT, Answer.PARTIAL, "We version data,\nnot features.", "UDEV1", T0
    )
    assert after == expected and world.stored() == expected
    with world.uow() as work:
        last = work.answers.history(TEAM_A, world.aid, DEV_REQUIREMENT)[-1]
    assert (last.actor, last.at) == (actor, at(5))


def test_an_outsider_is_refused_like_when_answering(world: World) -> None:
    with pytest.raises(NotAllowed) as refused:
        world.comment("sneaky", actor="UOPS")
    with pytest.raises(NotAllowed) as answering:
        world.answer(Answer.MET, actor="UOPS")
    assert str(refused.value) == str(answering.value)
    assert "is <@UDEV1>'s" in str(refused.value)
    assert world.stored() is None


def test_empty_text_clears_the_comment(world: World) -> None:
    world.comment("first thoughts")
    assert world.comment(" \n\t ") == RequirementState(DEV_REQUIREMENT)
    assert world.stored() is None
    world.comment("again")
    assert world.comment(None).comment is None


def test_a_comment_at_the_limit_is_kept_one_over_is_invalid(world: World) -> None:
    longest = "x" * COMMENT_MAX
    assert world.comment(f"  {longest}  ").comment == longest
    with pytest.raises(Invalid) as too_long:
        world.comment(longest + "y")
    assert too_long.value.fields == {
        "comment": f"Keep the comment to {COMMENT_MAX} characters; this one has {COMMENT_MAX + 1}."
    }
    stored = world.stored()
    assert stored is not None and stored.comment == longest


def test_a_closed_assessment_takes_no_comments() -> None:
    world = _world(AssessmentStatus.COMPLETED)
    with pytest.raises(Closed, match="answers can no longer change"):
        world.comment("late")


def test_unknown_requirement_assessment_or_workspace_is_not_found(world: World) -> None:
    with pytest.raises(NotFound, match="R999 is not part"):
        set_comment(world.uow, FixedClock(T0), TEAM_A, world.aid, "R999", "x", "ULEAD")
    with pytest.raises(NotFound, match="deleted"):
        World(world.uow, world.aid + 1, world.store).comment("x", actor="ULEAD")
    with pytest.raises(NotFound, match="another workspace"):  # the id exists, elsewhere: said so
        world.comment("x", actor="ULEAD", team=TEAM_B)
    assert world.stored() is None


def test_from_a_page_that_page_is_refreshed_to_show_it(world: World) -> None:
    world.comment("Versioned.", page=PageAt("UDEV1", "I1", 0, "D-UDEV1", "0.1"))
    assert world.queued() == [
        ("refresh:D-UDEV1:0.1", RefreshPage(world.aid, "UDEV1", "I1", 0, "D-UDEV1", "0.1"))
    ]


def test_from_elsewhere_the_pages_showing_it_are_refreshed(world: World) -> None:
    with world.uow() as work:  # UDEV1 looks at the page with R001; UOPS at theirs, without it
        for user in ("UDEV1", "UOPS"):
            work.positions.save(TEAM_A, Position(world.aid, user, "I1", 0, f"D-{user}", "0.1"))
        work.commit()
    world.comment("Versioned.", actor="ULEAD")
    assert world.queued() == [
        ("refresh:D-UDEV1:0.1", RefreshPage(world.aid, "UDEV1", "I1", 0, "D-UDEV1", "0.1"))
    ]


def test_the_same_modal_submitted_twice_saves_it_once(world: World) -> None:
    world.comment("first", once="V-comment")
    with world.uow() as work:
        rows = len(work.answers.history(TEAM_A, world.aid))
    with pytest.raises(Duplicate):
        world.comment("second", once="V-comment")
    stored = world.stored()
    assert stored is not None and stored.comment == "first"
    with world.uow() as work:
        assert len(work.answers.history(TEAM_A, world.aid)) == rows
