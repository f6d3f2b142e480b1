"""Reminders that cannot be delivered at once: a Slack failure, a lost reply, a snooze clicked
while the reminder waited. The sweep queued it once; the courier sends it once, or not at all."""

from __future__ import annotations

from bot.delivery.courier import backoff
from bot.slack.directory import Directory
from devkit.demo import scenario
from devkit.demo.harness import Harness
from questionnaire.reminders.sweep import run_sweep, snooze

from .test_reminder_dms import TESS, at, digests, tick


def test_a_failed_delivery_keeps_the_reminder_and_the_next_drain_sends_it_once(
    started: tuple[Harness, int],
) -> None:
    """Slack fails the DM (a 500): the reminder stays queued, claimed once, and goes out when its
    backoff is over; ticks meanwhile queue nothing more."""
    h, _ = started
    tick(h, at(25, 9, 59))  # the others' reminders (their 10:00 came earlier)
    h.slack.fail_http("chat.postMessage", 500)
    tick(h, at(25, 10, 0))
    assert digests(h, TESS) == []
    tick(h, at(25, 10, 0))  # the backoff has not passed: nothing new, nothing delivered
    assert digests(h, TESS) == []
    h.clock.advance(seconds=backoff(1).total_seconds())
    h.courier.drain()
    assert len(digests(h, TESS)) == 1
    tick(h, at(25, 10, 1))
    h.courier.drain()
    assert len(digests(h, TESS)) == 1
    with h.services.uow() as uow:
        assert uow.reminders.sent_since(h.team_id, TESS, None) == 1
        assert uow.outbox.report(0).pending == 0


def test_a_reply_lost_after_slack_posted_does_not_repeat_the_reminder(
    started: tuple[Harness, int],
) -> None:
    """The connection drops after Slack posted the DM: the retry finds it in the conversation
    (by its metadata) instead of posting it again."""
    h, _ = started
    tick(h, at(25, 9, 59))  # the others' reminders (their 10:00 came earlier)
    h.slack.drop_reply("chat.postMessage")
    tick(h, at(25, 10, 0))
    assert len(digests(h, TESS)) == 1  # posted, but the bot never heard back
    h.clock.advance(seconds=backoff(1).total_seconds())
    h.courier.drain()
    assert len(digests(h, TESS)) == 1
    with h.services.uow() as uow:
        assert uow.outbox.report(0).pending == 0


def test_a_snooze_clicked_after_the_reminder_was_queued_holds_it_back(
    started: tuple[Harness, int],
) -> None:
    """A reminder waiting to be delivered (behind a long paced sweep, or a retry's backoff) is
    not sent to someone who snoozed meanwhile."""
    h, _ = started
    h.clock.set(at(25, 10, 0))
    report = run_sweep(
        h.services.uow, h.clock, Directory(h.app.client, h.services.uow, h.clock)
    )  # queued, not kicked
    assert report.sent and digests(h, TESS) == []
    snooze(h.services.uow, h.clock, h.team_id, TESS, 1)
    h.courier.drain()
    assert digests(h, TESS) == []
    alex = scenario.HOLDERS["algorithm_engineer"][0]
    assert len(digests(h, alex)) == 1  # the others still get theirs
    with h.services.uow() as uow:
        assert uow.outbox.report(0).pending == 0  # dropped, not left to retry
