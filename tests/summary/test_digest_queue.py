"""Queuing the weekly digest (no Slack): once per week's slot, from the previous one to now, in
the lead's zone, whatever the directory says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config.clock import FixedClock
from questionnaire.outbox import Marker, WeeklyDigest
from questionnaire.reminders.sweep import Person
from questionnaire.usecases.digest import queue_weekly_digests
from tests.fakes import MemoryStore

from .conftest import LEAD, Seed
from .helpers import START

NEXT_MONDAY = START + timedelta(days=7)  # 09:00 in Berlin (08:00 UTC): the digest slot


class Directory:
    """The lead in `tz`, unknown (None), or a failing lookup (`fail`)."""

    def __init__(self, tz: str | None = "Europe/Berlin", offset: int = 3600, fail: bool = False):
        self.person_ = None if tz is None and not offset else Person(LEAD, tz, offset)
        self.fail = fail

    def person(self, team_id: str, user_id: str) -> Person | None:
        if self.fail:
            raise RuntimeError("users.info timed out")
        return self.person_


def _queued(store: MemoryStore) -> list[tuple[str, WeeklyDigest]]:
    rows = sorted(store.tables.outbox.values(), key=lambda row: row.id)
    return [(r.key, r.message) for r in rows if isinstance(r.message, WeeklyDigest)]


def test_each_week_is_queued_once_from_the_previous_digest_to_now(
    store: MemoryStore, seed: Seed
) -> None:
    a = seed({})
    directory = Directory()
    assert queue_weekly_digests(store.uow_factory(), FixedClock(NEXT_MONDAY), directory) == 1
    later = FixedClock(NEXT_MONDAY + timedelta(minutes=1))
    assert queue_weekly_digests(store.uow_factory(), later, directory) == 0
    week = FixedClock(NEXT_MONDAY + timedelta(days=7, minutes=5))
    assert queue_weekly_digests(store.uow_factory(), week, directory) == 1
    [(first_key, first), (second_key, second)] = _queued(store)
    assert first_key == f"digest:{a.id}#week:2026-03-09"
    assert second_key == f"digest:{a.id}#week:2026-03-16"
    assert (first.since, first.until, first.first) == (a.created_at, NEXT_MONDAY, True)
    assert (second.since, second.until, second.first) == (NEXT_MONDAY, week.now(), False)
    assert (first.tz_name, first.utc_offset_minutes) == ("Europe/Berlin", 60)


def test_a_digest_recorded_before_the_outbox_counts_as_the_previous_one(
    store: MemoryStore, seed: Seed
) -> None:
    """Migration 0005 turned old digest claims into markers under the same keys."""
    a = seed({})
    migrated_at = NEXT_MONDAY - timedelta(days=7) + timedelta(minutes=3)
    with store.uow_factory()() as uow:
        uow.outbox.add(a.team_id, f"digest:{a.id}#week:2026-03-02", Marker(), migrated_at)
        uow.commit()
    clock = FixedClock(NEXT_MONDAY)
    assert queue_weekly_digests(store.uow_factory(), clock, Directory()) == 1
    [(_, digest)] = _queued(store)
    assert (digest.since, digest.first) == (migrated_at, False)


@pytest.mark.parametrize(
    ("directory", "zone"),
    [
        (Directory(tz=None, offset=3600), (None, 60)),  # no IANA name: the fixed offset
        (Directory(tz=None, offset=0), (None, 0)),  # unknown to Slack: UTC
        (Directory(fail=True), (None, 0)),  # a failed lookup: UTC, and the digest goes out
    ],
)
def test_the_leads_zone_falls_back_to_the_offset_then_utc(
    store: MemoryStore, seed: Seed, directory: Directory, zone: tuple[str | None, int]
) -> None:
    seed({})
    monday_9_utc = NEXT_MONDAY + timedelta(hours=1)  # also fresh for a lead at UTC+1
    assert queue_weekly_digests(store.uow_factory(), FixedClock(monday_9_utc), directory) == 1
    [(_, digest)] = _queued(store)
    assert (digest.tz_name, digest.utc_offset_minutes) == zone
