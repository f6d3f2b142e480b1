"""Start / Continue: a double click queues one page; a later click queues it afresh; only an
open assessment shows pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config.clock import FixedClock
from questionnaire.domain import Answer, AssessmentStatus
from questionnaire.outbox import NextPage, RefreshPage
from questionnaire.usecases.answering import SHOW_AGAIN_AFTER, show_next_page
from questionnaire.usecases.errors import Closed, NotFound
from tests.fakes import MemoryStore
from tests.storage.helpers import TEAM_A, TEAM_B, at, new_assessment

from .world import World


# Why a test below is an expected failure (a bug in the use case, not in the test).
def test_a_double_click_queues_one_page_and_a_later_click_another() -> None:
    store = MemoryStore()
    uow, clock = store.uow_factory(), FixedClock(at(10))
    with uow() as work:
        aid = new_assessment(work).id
        work.commit()
    assert aid is not None
    assert show_next_page(uow, clock, TEAM_A, aid, "UDEV1")
    clock.advance(seconds=2)
    assert not show_next_page(uow, clock, TEAM_A, aid, "UDEV1")  # the double click
    assert show_next_page(uow, clock, TEAM_A, aid, "UOPS")  # someone else's is their own
    clock.advance(seconds=SHOW_AGAIN_AFTER.total_seconds())
    assert show_next_page(uow, clock, TEAM_A, aid, "UDEV1")  # back days later, say
    queued = [row.message for row in store.tables.outbox.values()]
    assert queued == [NextPage(aid, "UDEV1"), NextPage(aid, "UOPS"), NextPage(aid, "UDEV1")]
    assert timedelta(seconds=30) == SHOW_AGAIN_AFTER
    with pytest.raises(NotFound, match="belongs to another workspace"):
        show_next_page(uow, clock, TEAM_B, aid, "UDEV1")  # another workspace's: said so
    with pytest.raises(NotFound, match="deleted"):
        show_next_page(uow, clock, TEAM_B, aid + 1, "UDEV1")  # nobody's: gone


def _show(world: World, user_id: str = "UDEV1") -> bool:
    return show_next_page(world.uow, world.clock, TEAM_A, world.aid, user_id)


def test_each_page_shown_is_queued_under_the_persons_family(world: World) -> None:
    assert _show(world)
    assert world.outbox() == [
        (f"show:{world.aid}:UDEV1#{world.clock.now().isoformat()}", NextPage(world.aid, "UDEV1"))
    ]


def test_a_deleted_assessment_shows_nothing(world: World) -> None:
    world.delete()
    with pytest.raises(NotFound, match="deleted"):
        _show(world)
    assert world.outbox() == []


def test_continue_on_a_closed_assessment_shows_no_more_questions(world: World) -> None:
    world.answer({"R001": Answer.MET})  # closed with R003 and R005 still open
    world.set_status(AssessmentStatus.COMPLETED)
    with world.refused(Closed, match="is closed"):
        _show(world)


def test_a_first_start_re_renders_a_page_already_waiting_instead_of_posting_it_again(
    world: World,
) -> None:
    """Handed questions before they began: their page is posted first; Start (on the intro
    above it) then re-renders it rather than posting a copy. Later Starts post afresh."""
    waiting = world.showing("UDEV1")  # the hand-off's page, posted before Start
    assert _show(world)
    assert world.queued(RefreshPage) == [
        RefreshPage(world.aid, "UDEV1", "I1", 0, waiting.channel_id or "", waiting.message_ts or "")
    ]
    world.clock.advance(seconds=SHOW_AGAIN_AFTER.total_seconds())
    assert _show(world)
    assert world.queued(NextPage) == [NextPage(world.aid, "UDEV1")]


def test_a_first_start_posts_when_the_waiting_page_is_not_the_next_one(world: World) -> None:
    world.showing("UDEV1", page=1)  # a later page: the first has open questions
    assert _show(world)
    assert world.queued(NextPage) == [NextPage(world.aid, "UDEV1")]
    assert world.queued(RefreshPage) == []
