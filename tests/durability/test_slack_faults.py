"""Slack misbehaves while one bot process stays up: HTTP 500 on a page update and on a post, a
post that outlasts the client's timeout (Slack does it anyway), and a post whose reply is
lost. Each message is delivered exactly once in the end, and nobody is left waiting."""

from __future__ import annotations

from pathlib import Path

from bot.standin import SlackStandIn

from . import journey
from .conftest import BotFactory
from .ledger import Ledger
from .process import FAST_DELIVERY, wait_until

PIA, QUINN = "U0PIA", "U0QUINN"
NAME, CHANNEL = "Faults", "C0FAULTS"
# Slack performs the post, but only after the client gave up on it (and before the retry).
LATE_SECONDS = int(FAST_DELIVERY["SLACK_TIMEOUT_SECONDS"]) + 1.0
RETRY_SECONDS = 10  # backoff after a first failure is 2 s; a few polls more


def failed(slack: SlackStandIn, method: str) -> list[int]:
    return [c.status for c in slack.calls(method) if c.status != 200]


def no_duplicates(ledger: Ledger, slack: SlackStandIn) -> None:
    assert [key for key, count in ledger.delivered(slack).items() if count > 1] == []


def test_every_message_arrives_once_through_errors_timeouts_and_lost_replies(
    slack: SlackStandIn, bots: BotFactory, sqlite_url: str, ledger: Ledger, frameworks: Path
) -> None:
    journey.write_framework(frameworks, roles=2, questions=2)
    journey.add_people(slack, [PIA, QUINN], [CHANNEL])
    bot = bots(sqlite_url).start()
    users = bot.users
    assert journey.start_assessment(users, slack, NAME, CHANNEL, [[PIA], [QUINN]]).status == 200
    for person in (PIA, QUINN):
        assert journey.click_start(users, slack, person).status == 200
        journey.answer_when_shown(
            users, slack, person, f"R{1 if person == PIA else 2}.1", "not_met"
        )
    wait_until(ledger.settled, 5, "the first answers delivered")

    # Pia finishes her first page: the refresh and her next page both meet an HTTP 500.
    slack.fail_http("chat.update", 500)
    slack.fail_http("chat.postMessage", 500)
    assert journey.answer(users, slack, PIA, "R1.2", "not_met").status == 200
    wait_until(
        lambda: failed(slack, "chat.update") == failed(slack, "chat.postMessage") == [500],
        5,
        "the 500s on the update and the post",
    )
    # Quinn finishes his: his next page is posted after the client timed out.
    slack.delay("chat.postMessage", LATE_SECONDS)
    assert journey.answer(users, slack, QUINN, "R2.2", "not_met").status == 200
    wait_until(ledger.settled, RETRY_SECONDS, "both next pages delivered after the retries")

    no_duplicates(ledger, slack)
    for person, item in ((PIA, 1), (QUINN, 2)):
        first, second = journey.pages(slack, person)
        assert journey.chosen(first) == {f"R{item}.1": "not_met", f"R{item}.2": "not_met"}
        assert journey.shown(second) == [f"R{item}.3"] and journey.chosen(second) == {}
    assert "timed out" in bot.log()

    # Pia's last answer: her closing message is posted, and its reply is lost.
    slack.drop_reply("chat.postMessage")
    assert journey.answer(users, slack, PIA, "R1.3").status == 200
    wait_until(lambda: any(c.dropped for c in slack.calls("chat.postMessage")), 5, "the drop")
    assert journey.answer(users, slack, QUINN, "R2.3").status == 200
    wait_until(ledger.settled, RETRY_SECONDS, "the closing messages and the summary")

    no_duplicates(ledger, slack)
    for person in (PIA, QUINN):
        closing = journey.newest(slack, person, lambda m: True)
        assert closing.text == f"All your questions in {NAME} are answered."
    assert len([m for m in slack.messages_in(CHANNEL) if m.files]) == 1, "one chart"
    assert ledger.given_up() == []
