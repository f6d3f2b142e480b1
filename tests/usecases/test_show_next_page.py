"""Start / Continue: a double click queues one page; a later click queues it afresh."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config.clock import FixedClock
from questionnaire.outbox import NextPage
from questionnaire.usecases.answering import SHOW_AGAIN_AFTER, show_next_page
from questionnaire.usecases.errors import NotFound
from tests.fakes import MemoryStore
from tests.storage.helpers import TEAM_A, TEAM_B, at, new_assessment


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
    with pytest.raises(NotFound):
        show_next_page(uow, clock, TEAM_B, aid, "UDEV1")  # another workspace's
