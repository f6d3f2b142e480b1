"""The courier on its own: delivered once, retried after Slack errors, never posted twice."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.delivery.courier import MAX_ATTEMPTS, Courier, backoff
from bot.slack.workspaces import SingleToken
from bot.wiring.app import make_client
from devkit.standin import SlackStandIn
from questionnaire.outbox import Note, Priority, ReminderDM
from questionnaire.reminders.policy import Digest

from .conftest import PERSON, TEAM


def _queue(services: Services, key: str, text: str) -> int | None:
    """The entry's id; None when the key was queued before."""
    with services.uow() as uow:
        entry = uow.outbox.add(TEAM, key, Note(PERSON, text), services.clock.now())
        uow.commit()
    return entry


def _queue_reminder_then_a_page(services: Services) -> None:
    with services.uow() as uow:
        uow.outbox.add(TEAM, "reminder", ReminderDM(Digest(PERSON, ())), services.clock.now())
        uow.commit()
    _queue(services, "note", "your next page")


def _texts(slack: SlackStandIn) -> list[str]:
    return [m.text for m in slack.messages_in(PERSON)]


def _pending(services: Services) -> int:
    with services.uow() as uow:
        return uow.outbox.report(5).pending


def test_delivers_once_and_a_second_drain_sends_nothing(
    services: Services, courier: Courier, slack: SlackStandIn
) -> None:
    assert _queue(services, "a", "one & <two>") is not None
    assert _queue(services, "a", "the same key again") is None  # a duplicate: never queued
    assert courier.drain() == 1
    assert courier.drain() == 0
    assert _texts(slack) == ["one &amp; &lt;two&gt;"]  # a use-case text is escaped


def test_a_slack_500_is_retried_after_the_backoff(
    services: Services, courier: Courier, slack: SlackStandIn, clock: FixedClock
) -> None:
    _queue(services, "a", "hello")
    slack.fail_http("chat.postMessage", 500)
    assert courier.drain() == 0
    assert _texts(slack) == [] and _pending(services) == 1
    clock.advance(seconds=backoff(1).total_seconds() - 1)
    assert courier.drain() == 0  # not due yet
    clock.advance(seconds=1)
    assert courier.drain() == 1
    assert _texts(slack) == ["hello"]


def test_a_lost_reply_is_not_posted_again(
    services: Services, courier: Courier, slack: SlackStandIn, clock: FixedClock
) -> None:
    _queue(services, "a", "hello")
    slack.drop_reply("chat.postMessage")  # Slack posts it, the answer never arrives
    assert courier.drain() == 0
    assert _texts(slack) == ["hello"]
    clock.advance(seconds=backoff(1).total_seconds())
    assert courier.drain() == 1  # found by its metadata in the DM's history
    assert _texts(slack) == ["hello"]
    assert len(slack.calls("chat.postMessage")) == 1
    assert slack.calls("conversations.history")


def test_an_error_no_retry_fixes_is_given_up_at_once(
    services: Services, courier: Courier, slack: SlackStandIn
) -> None:
    entry = _queue(services, "a", "hello")
    slack.fail_next("chat.postMessage", "msg_too_long")  # what no retry changes
    assert courier.drain() == 0
    with services.uow() as uow:
        report = uow.outbox.report(5)
    assert (report.pending, report.given_up) == (0, 1)
    assert report.newest_given_up[0].id == entry
    assert report.newest_given_up[0].last_error == "msg_too_long"


def test_transient_failures_stop_after_the_last_attempt(
    services: Services, courier: Courier, slack: SlackStandIn, clock: FixedClock
) -> None:
    _queue(services, "a", "hello")
    slack.fail_next("chat.postMessage", "internal_error", times=MAX_ATTEMPTS)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert courier.drain() == 0
        clock.advance(seconds=backoff(attempt).total_seconds())
    with services.uow() as uow:
        assert uow.outbox.report(5).given_up == 1
    assert backoff(MAX_ATTEMPTS) == timedelta(hours=1)


def test_scheduled_messages_wait_for_the_ones_people_are_waiting_for(
    services: Services, courier: Courier, slack: SlackStandIn
) -> None:
    _queue_reminder_then_a_page(services)
    courier.drain()
    assert _texts(slack)[0] == "your next page"


def test_the_people_lanes_leave_scheduled_messages_to_the_paced_one(
    services: Services, courier: Courier, slack: SlackStandIn
) -> None:
    _queue_reminder_then_a_page(services)
    assert courier.drain(priority_max=Priority.SOON) == 1
    assert _texts(slack) == ["your next page"]
    assert _pending(services) == 1  # the reminder waits for the scheduled lane
    assert courier.drain() == 1


def test_started_workers_deliver_when_kicked(services: Services, slack: SlackStandIn) -> None:
    courier = Courier(services, make_client(slack.bot_token, slack.base_url))
    courier.start()
    try:
        _queue(services, "a", "hello")
        courier.kick()
        slack.wait_for("chat.postMessage", 1, timeout=5)
    finally:
        courier.stop()
    assert _texts(slack) == ["hello"]


def test_a_single_tokens_courier_delivers_its_own_workspaces_entries_only(
    services: Services, courier: Courier, slack: SlackStandIn
) -> None:
    """Two single-token deployments sharing a database: each delivers its own workspace's
    messages, with its own token; the other's wait for the other (never sent with the wrong
    token, nor given up as not installed)."""
    _queue(services, "mine", "for this workspace")
    with services.uow() as uow:
        uow.outbox.add("T0OTHER", "theirs", Note(PERSON, "for the other"), services.clock.now())
        uow.commit()
    courier.scope_to(SingleToken(courier.workspaces.client_for(TEAM), TEAM))  # type: ignore[arg-type]
    assert courier.drain() == 1
    assert _texts(slack) == ["for this workspace"]
    with services.uow() as uow:
        report = uow.outbox.report(5)
    assert report.pending == 1 and report.given_up == 0  # the other's, still waiting


def test_what_a_request_hands_over_is_sent_from_its_thread_without_a_claim(
    services: Services, courier: Courier, slack: SlackStandIn
) -> None:
    with courier.handing_over() as handover:
        _queue(services, "page", "your next page")
        _queue_reminder_then_a_page(services)  # the paced reminder is the loop's
    assert [e.key for e in handover.envelopes] == ["page", "note"] and handover.rest
    assert courier.drain(priority_max=Priority.SOON) == 0  # held: no loop worker takes them
    assert courier.deliver_handed(handover) == 2
    assert _texts(slack) == ["your next page"] * 2
    assert courier.drain() == 1 and _pending(services) == 0  # the reminder


def test_a_handed_delivery_slack_refuses_is_retried_by_the_loop(
    services: Services, courier: Courier, slack: SlackStandIn, clock: FixedClock
) -> None:
    with courier.handing_over() as handover:
        _queue(services, "page", "your next page")
    slack.fail_http("chat.postMessage", 500)
    assert courier.deliver_handed(handover) == 0
    assert _texts(slack) == [] and _pending(services) == 1
    clock.advance(seconds=backoff(1).total_seconds())
    assert courier.drain() == 1
    assert _texts(slack) == ["your next page"]


def test_a_slow_slack_holds_at_most_half_the_listener_threads(
    services: Services, slack: SlackStandIn
) -> None:
    """Two listener threads: one may send its click's page itself; while it waits for a slow
    Slack, the next click's page goes to a delivery thread, and its listener returns at once."""
    services = replace(
        services, settings=services.settings.model_copy(update={"listener_threads": 2})
    )
    courier = Courier(services, make_client(slack.bot_token, slack.base_url))
    courier.start()
    slack.slow("chat.postMessage", 1.0)
    try:
        handovers = []
        for key in ("first", "second"):
            with courier.handing_over() as handover:
                _queue(services, key, f"the {key} page")
            handovers.append(handover)
        first = threading.Thread(target=courier.deliver_handed, args=(handovers[0],))
        first.start()
        deadline = time.monotonic() + 5
        while slack.in_flight("chat.postMessage") < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        assert courier.deliver_handed(handovers[1]) == 0  # handed to a delivery thread
        assert time.monotonic() - started < 0.5
        first.join(5)
        slack.wait_for("chat.postMessage", 2, timeout=5)
        deadline = time.monotonic() + 5  # the delivery thread records the second one
        while _pending(services) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        courier.stop()
    assert sorted(_texts(slack)) == ["the first page", "the second page"]
    assert _pending(services) == 0
