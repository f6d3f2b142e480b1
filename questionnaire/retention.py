"""Data retention: how long Slack event ids, reminder claims and delivered outbox entries are
kept, and the daily prune.

These tables grow with use and nothing else deletes from them:
- `processed_events` only has to outlive Slack's retries of one event (three, within about
  five minutes). Every event the bot receives adds a row, so it grows fastest; a week covers
  the retries many times over and leaves time to look into a duplicate.
- `reminder_log` is what the sweep reads: a person's last reminder (one a day) and the
  reminders since they last made progress (escalation after at most 50). Nothing there looks
  back more than a few months, so 400 days keeps more than a year of who was reminded when (an
  annual re-assessment can look back at the last one) and bounds the table at about 400 rows
  per person.
- `outbox` entries, once delivered or given up, are only read through their keys: the last
  weekly digest, the escalations and overdue notices already queued, when the completion
  summary went out. They are kept as long as reminder claims, for the same reasons. A person
  still idle in an assessment still open after that long may be escalated once more, which is
  fine. Entries not yet delivered are never pruned.
- `snoozes` hold one row per person who ever snoozed; once a snooze has ended it means nothing.
- `sweep_ticks` say which process ran a workspace's job in a tick; only the current tick is
  ever asked about, so two days leave time to look into a missed or doubled sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from questionnaire.ports import Clock, UnitOfWorkFactory

EVENT_RETENTION = timedelta(days=7)
REMINDER_RETENTION = timedelta(days=400)
OUTBOX_RETENTION = REMINDER_RETENTION
TICK_RETENTION = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Pruned:
    """How many rows one prune deleted."""

    events: int
    reminder_claims: int
    snoozes: int = 0
    outbox: int = 0
    ticks: int = 0


def prune(uow_factory: UnitOfWorkFactory, clock: Clock) -> Pruned:
    """Delete processed event ids, reminder claims, delivered (or given-up) outbox entries and
    sweep ticks older than their retention, and snoozes that have ended, everywhere.

    Idempotent, so two processes pruning at once do no harm."""
    now = clock.now()
    with uow_factory() as uow:
        events = uow.events.prune(now - EVENT_RETENTION)
        claims = uow.reminders.prune(now - REMINDER_RETENTION)
        snoozes = uow.reminders.prune_snoozes(now)
        outbox = uow.outbox.prune(now - OUTBOX_RETENTION)
        ticks = uow.ticks.prune(now - TICK_RETENTION)
        uow.commit()
    return Pruned(events, claims, snoozes, outbox, ticks)
