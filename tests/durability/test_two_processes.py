"""Two `serve` processes on one PostgreSQL database share the delivery: each message goes out
once, whichever process a click reached; and when one process is killed mid-delivery, the other
takes over what it held once its lease runs out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from devkit.standin import Response, SlackStandIn

from . import journey
from .conftest import BotFactory
from .ledger import Ledger
from .process import BotProcess, together, wait_until

pytestmark = pytest.mark.postgres

PEOPLE = [f"U0M{n:02d}" for n in range(1, 31)]
NAME, CHANNEL = "Shared", "C0SHARED"
SLACK_SECONDS = 0.2  # per post and update: deliveries overlap, across both processes


def all_at_once(calls: list[Callable[[], Response]]) -> None:
    assert [response.status for response in together(calls)] == [200] * len(calls)


def each_once(ledger: Ledger, slack: SlackStandIn) -> None:
    assert [key for key, count in ledger.delivered(slack).items() if count > 1] == []
    assert ledger.given_up() == []


def test_two_processes_deliver_each_message_once_and_survive_one_dying(
    slack: SlackStandIn, bots: BotFactory, postgres_url: str, frameworks: Path
) -> None:
    journey.write_framework(frameworks, roles=len(PEOPLE), questions=1)
    journey.add_people(slack, PEOPLE, [CHANNEL])
    first, second = bots(postgres_url), bots(postgres_url)
    for bot in (first.spawn(), second.spawn()):
        bot.wait_listening()
    ledger = Ledger(postgres_url)
    try:
        share_the_delivery(first, second, slack, ledger)
        survive_one_dying(first, second, slack, ledger)
    finally:
        ledger.close()


def share_the_delivery(
    first: BotProcess, second: BotProcess, slack: SlackStandIn, ledger: Ledger
) -> None:
    """Thirty intros, then thirty people click Start, half of them at each process."""
    slack.slow("chat.postMessage", SLACK_SECONDS)
    holders = [[person] for person in PEOPLE]
    assert journey.start_assessment(first.users, slack, NAME, CHANNEL, holders).status == 200
    wait_until(lambda: all(slack.messages_in(p) for p in PEOPLE), 10, "thirty intros")
    all_at_once(
        [
            partial(journey.click_start, (first, second)[n % 2].users, slack, person)
            for n, person in enumerate(PEOPLE)
        ]
    )
    wait_until(ledger.settled, 15, "thirty first pages")
    each_once(ledger, slack)
    assert [len(slack.messages_in(p)) for p in PEOPLE] == [2] * len(PEOPLE)  # intro, page
    assert len(slack.messages_in(CHANNEL)) == 1  # the kickoff
    assert slack.messages_in(journey.LEAD) == []


def survive_one_dying(
    first: BotProcess, second: BotProcess, slack: SlackStandIn, ledger: Ledger
) -> None:
    """Everyone finishes their first page at the first process, which dies while it delivers
    their refreshes and next pages; the second delivers the rest."""
    slack.slow("chat.update", SLACK_SECONDS)
    all_at_once(
        [
            partial(
                journey.answer, first.users, slack, person, journey.requirement(n, 1), "not_met"
            )
            for n, person in enumerate(PEOPLE, start=1)
        ]
    )
    wait_until(lambda: slack.in_flight() > 0, 5, "deliveries on their way")
    first.kill()
    wait_until(ledger.settled, 15, "the second process to deliver the rest")

    each_once(ledger, slack)
    for n, person in enumerate(PEOPLE, start=1):
        done, following = journey.pages(slack, person)
        assert journey.chosen(done) == {journey.requirement(n, 1): "not_met"}
        assert journey.shown(following) == [journey.requirement(n, 2)]
