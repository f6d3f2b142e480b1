"""Slack misbehaves while one bot process stays up: HTTP 500 on a page update and on a post, a
post that outlasts the client's timeout (Slack does it anyway), and a post whose reply is
lost. Each message is delivered exactly once in the end, and nobody is left waiting."""

from __future__ import annotations

from pathlib import Path

from devkit.standin import SlackStandIn

from . import journey
from .conftest import BotFactory
from .ledger import Ledger
from .process import FAST_DELIVERY, wait_until

PEOPLE = PIA, QUINN, REX = "U0PIA", "U0QUINN", "U0REX"
NAME, CHANNEL = "Faults", "C0FAULTS"
# Slack performs the post, but only after the client gave up on it (and before the retry).
LATE_SECONDS = int(FAST_DELIVERY["SLACK_TIMEOUT_SECONDS"]) + 1.0
RETRY_SECONDS = 10  # backoff after a first failure is 2 s; a few polls more


def failed(slack: SlackStandIn, method: str) -> list[int]:
    return [c.status for c in slack.calls(method) if c.status != 200]


def no_duplicates(ledger: Ledger, slack: SlackStandIn) -> None:
    assert [key for key, count in ledger.delivered(slack).items() if count > 1] == []
    assert ledger.given_up() == []


def test_every_message_arrives_once_through_errors_timeouts_and_lost_replies(
    slack: SlackStandIn, bots: BotFactory, sqlite_url: str, ledger: Ledger, frameworks: Path
) -> None:
    journey.write_framework(frameworks, roles=len(PEOPLE), questions=2)
    journey.add_people(slack, list(PEOPLE), [CHANNEL])
    bot = bots(sqlite_url).start()
    users = bot.users
    holders = [[person] for person in PEOPLE]
    assert journey.start_assessment(users, slack, NAME, CHANNEL, holders).status == 200
    for n, person in enumerate(PEOPLE, start=1):
        assert journey.click_start(users, slack, person).status == 200
        journey.answer_when_shown(users, slack, person, journey.requirement(n, 1), "not_met")
    wait_until(ledger.settled, 5, "the first answers delivered")

    # Each finishes their first page, and Slack fails what follows, a different way for each.
    # Pia: the refresh and her next page both meet an HTTP 500.
    slack.fail_http("chat.update", 500)
    slack.fail_http("chat.postMessage", 500)
    assert journey.answer(users, slack, PIA, "R1.2", "not_met").status == 200
    wait_until(
        lambda: failed(slack, "chat.update") == failed(slack, "chat.postMessage") == [500],
        5,
        "the 500s on the update and the post",
    )
    # Quinn: his next page is posted after the client timed out.
    slack.delay("chat.postMessage", LATE_SECONDS)
    assert journey.answer(users, slack, QUINN, "R2.2", "not_met").status == 200
    wait_until(lambda: slack.in_flight("chat.postMessage") == 1, 5, "Quinn's late post")
    # Rex: his next page is posted, and the reply is lost.
    slack.drop_reply("chat.postMessage")
    assert journey.answer(users, slack, REX, "R3.2", "not_met").status == 200
    wait_until(ledger.settled, RETRY_SECONDS, "three next pages delivered after the retries")

    no_duplicates(ledger, slack)
    assert [c.dropped for c in slack.calls("chat.postMessage")].count(True) == 1
    assert "timed out" in bot.log()
    for n, person in enumerate(PEOPLE, start=1):
        first, second = journey.pages(slack, person)
        assert journey.chosen(first) == {f"R{n}.1": "not_met", f"R{n}.2": "not_met"}
        assert journey.shown(second) == [f"R{n}.3"] and journey.chosen(second) == {}

    # Nobody is stuck: they answer their last questions, and the summary follows.
    for n, person in enumerate(PEOPLE, start=1):
        assert journey.answer(users, slack, person, journey.requirement(n, 3)).status == 200
    wait_until(ledger.settled, 5, "the closing messages and the summary")
    no_duplicates(ledger, slack)
    for person in PEOPLE:
        closing = journey.newest(slack, person, lambda m: True)
        assert closing.text == f"All your questions in {NAME} are answered."
    assert len([m for m in slack.messages_in(CHANNEL) if m.files]) == 1, "one chart"
