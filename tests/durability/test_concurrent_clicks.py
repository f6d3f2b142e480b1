"""Fifty people click at once while Slack takes 3.3 seconds per post and update: every click is
acknowledged within Slack's three seconds, and every page then shows all its answers."""

from __future__ import annotations

import time
from collections import Counter
from functools import partial
from pathlib import Path

from devkit.standin import SlackStandIn

from .conftest import BotFactory
from .journey import (
    add_people,
    answer,
    chosen,
    click_start,
    pages,
    requirement,
    start_assessment,
    write_framework,
)
from .ledger import Ledger
from .process import together, wait_until

PEOPLE = [f"U0P{n:02d}" for n in range(1, 11)]
CLICKS_EACH = 5  # of the six questions on each first page: no page is finished
SLACK_SECONDS = 3.3  # longer than Slack waits for an ack: an ack that waited on Slack fails
ACK_SECONDS = 3.0  # what Slack waits for before it shows the person an error


def test_fifty_clicks_are_acked_in_time_and_every_page_converges(
    slack: SlackStandIn, bots: BotFactory, sqlite_url: str, ledger: Ledger, frameworks: Path
) -> None:
    write_framework(frameworks, roles=len(PEOPLE), questions=CLICKS_EACH + 1)
    add_people(slack, PEOPLE, ["C0MANY"])
    bot = bots(sqlite_url, SLACK_TIMEOUT_SECONDS="10").start()  # Slack is slow, not down
    users = bot.users
    assert start_assessment(users, slack, "Many", "C0MANY", [[p] for p in PEOPLE]).status == 200
    for person in PEOPLE:
        assert click_start(users, slack, person).status == 200
    wait_until(lambda: all(pages(slack, p) for p in PEOPLE), 10, "everyone's first page")

    slack.slow("chat.postMessage", SLACK_SECONDS)
    slack.slow("chat.update", SLACK_SECONDS)
    clicks = [
        (person, requirement(n, q))
        for n, person in enumerate(PEOPLE, start=1)
        for q in range(1, CLICKS_EACH + 1)
    ]

    def click(person: str, requirement_id: str) -> tuple[int, float]:
        started = time.monotonic()
        status = answer(users, slack, person, requirement_id, "not_met").status
        return status, time.monotonic() - started

    acks = together([partial(click, person, requirement_id) for person, requirement_id in clicks])
    assert {status for status, _ in acks} == {200}
    assert max(seconds for _, seconds in acks) < ACK_SECONDS

    expected = {
        person: {requirement(n, q): "not_met" for q in range(1, CLICKS_EACH + 1)}
        for n, person in enumerate(PEOPLE, start=1)
    }
    wait_until(
        lambda: {p: chosen(pages(slack, p)[-1]) for p in PEOPLE} == expected,
        3 * SLACK_SECONDS,  # one update during the clicks, one with all of them
        "every page to show its five answers",
    )
    wait_until(ledger.settled, 5, "nothing left to deliver")
    assert [len(pages(slack, p)) for p in PEOPLE] == [1] * len(PEOPLE)
    # Each page was updated at most twice: nobody sent an update another worker had in hand.
    updates = Counter(call.params["ts"] for call in slack.calls("chat.update"))
    assert max(updates.values()) <= 2, updates
