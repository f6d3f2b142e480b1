"""Use case: each active assessment's weekly digest is queued once its slot (in the lead's time
zone) has passed and while it is fresh; young, closed and digest-less assessments get none, and
one broken assessment does not stop the others'. (Keys, coverage and zone fallbacks: see
tests/summary/test_digest_queue.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.config.clock import FixedClock
from questionnaire.domain import AssessmentStatus, ReminderPolicy
from questionnaire.outbox import Message, WeeklyDigest
from questionnaire.reminders.context import Person
from questionnaire.usecases.digest import queue_weekly_digests
from tests.fakes import FakeUnitOfWork, MemoryStore
from tests.fakes.outbox import FakeOutboxRepository
from tests.storage.helpers import T0, TEAM_A, TEAM_B, new_assessment

from .world import World

SLOT = datetime(2026, 1, 12, 9, 0, tzinfo=T0.tzinfo)  # the Monday after T0, 09:00 in London
OFF = ReminderPolicy(digest_weekday=None)


class Directory:
    """Slack's profiles as the digest needs them: the lead in London unless told otherwise."""

    def __init__(self, **zones: str) -> None:
        self.zones = zones

    def person(self, team_id: str, user_id: str) -> Person:
        return Person(user_id, self.zones.get(user_id, "Europe/London"))


def tick(world: World, at: datetime, directory: Directory | None = None) -> int:
    return queue_weekly_digests(world.uow, FixedClock(at), directory or Directory())


def test_the_digest_is_queued_at_its_slot_and_not_before(world: World) -> None:
    assert tick(world, SLOT - timedelta(minutes=1)) == 0
    assert tick(world, SLOT) == 1
    assert world.outbox() == [
        (
            f"digest:{world.aid}#week:2026-01-12",
            WeeklyDigest(world.aid, T0, SLOT, True, 0, "Europe/London"),
        )
    ]
    assert tick(world, SLOT + timedelta(hours=1)) == 0  # this week's is done


def test_a_week_missed_for_longer_than_the_late_window_is_not_sent_late(world: World) -> None:
    assert tick(world, SLOT + timedelta(hours=8)) == 0
    assert world.outbox() == []


def test_the_slot_is_the_leads_morning_not_the_servers(world: World) -> None:
    tokyo = Directory(ULEAD="Asia/Tokyo")  # 09:00 in Tokyo is midnight in London
    assert tick(world, SLOT - timedelta(hours=9)) == 0
    assert tick(world, SLOT - timedelta(hours=9), tokyo) == 1
    [digest] = world.queued(WeeklyDigest)
    assert (digest.tz_name, digest.utc_offset_minutes) == ("Asia/Tokyo", 540)


@pytest.mark.parametrize(
    "fields",
    [
        {"created_at": SLOT - timedelta(days=2)},  # too young: no "nothing happened" yet
        {"status": AssessmentStatus.COMPLETED},
        {"reminder_policy": OFF},
    ],
)
def test_young_closed_or_digest_less_assessments_get_none(
    world: World, fields: dict[str, object]
) -> None:
    with world.uow() as uow:
        other = new_assessment(uow, name="Other", **fields)
        uow.commit()
    assert tick(world, SLOT) == 1
    assert [d.assessment_id for d in world.queued(WeeklyDigest)] == [world.aid]
    assert other.id not in {d.assessment_id for d in world.queued(WeeklyDigest)}


def test_each_workspace_gets_its_own_digests(world: World) -> None:
    with world.uow() as uow:
        theirs = new_assessment(uow, team_id=TEAM_B)
        uow.commit()
    assert tick(world, SLOT) == 2
    rows = sorted(world.store.tables.outbox.values(), key=lambda row: row.team_id)
    assert [(row.team_id, row.message) for row in rows] == [
        (TEAM_A, WeeklyDigest(world.aid, T0, SLOT, True, 0, "Europe/London")),
        (TEAM_B, WeeklyDigest(theirs.id or 0, T0, SLOT, True, 0, "Europe/London")),
    ]


class BrokenOutbox(FakeOutboxRepository):
    """An outbox that fails to queue the digest of one assessment (a broken row, say)."""

    def __init__(self, store: MemoryStore, broken: int) -> None:
        super().__init__(store)
        self.broken = broken

    def add(self, team_id: str, key: str, message: Message, at: datetime) -> int | None:
        if key.startswith(f"digest:{self.broken}#"):
            raise RuntimeError("cannot queue this one")
        return super().add(team_id, key, message, at)


def test_one_broken_assessment_does_not_stop_the_others(world: World) -> None:
    with world.uow() as uow:
        healthy = new_assessment(uow, name="Healthy")
        uow.commit()

    def failing() -> FakeUnitOfWork:
        uow = FakeUnitOfWork(world.store)
        uow.outbox = BrokenOutbox(world.store, world.aid)
        return uow

    assert queue_weekly_digests(failing, FixedClock(SLOT), Directory()) == 1
    assert [d.assessment_id for d in world.queued(WeeklyDigest)] == [healthy.id]
    # Nothing marked the broken one done: mended, the next tick still queues it this week.
    assert tick(world, SLOT + timedelta(minutes=1)) == 1
    assert {d.assessment_id for d in world.queued(WeeklyDigest)} == {healthy.id, world.aid}
