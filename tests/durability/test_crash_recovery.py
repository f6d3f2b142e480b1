"""SIGKILL between the commit and the delivery, at every step of a journey at once, then a
restart on the same database: each message owed arrives exactly once, and nobody is left
without their next page.

Five people are each one request away from a step when Slack starts misbehaving: a new
assessment is started (kickoff, intro), Anna answers a question (page refresh: the page shows
the evidence owed), Ben answers the last question of his page (next page), Cara replies with a
link in her page's thread (confirmation, page refresh), and Dan answers the last open question of his
assessment (closing message, summary). The five requests are acknowledged, so their changes are
committed; the bot is killed while it delivers; a new process delivers the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from devkit.standin import SlackStandIn

from .conftest import BotFactory
from .journey import (
    add_people,
    answer,
    answer_when_shown,
    chosen,
    click_start,
    newest,
    pages,
    reply_with_link,
    shown,
    start_assessment,
    write_framework,
)
from .ledger import Ledger
from .process import BotProcess, wait_until

ANNA, BEN, CARA, DAN, EVA = "U0ANNA", "U0BEN", "U0CARA", "U0DAN", "U0EVA"
X, Y, S = "Team X", "Team Y", "Team S"
CHANNELS = {X: "C0X", Y: "C0Y", S: "C0S"}
LINK = "https://wiki.example.com/evidence/r3-1"
REPLY_EVENT = "Ev0CARAREPLY"
HOLD_SECONDS = 1.0  # how long Slack keeps a post or update before handling it


@dataclass(frozen=True)
class Crash:
    """How Slack stands when the bot dies."""

    name: str
    arm: Callable[[SlackStandIn], None]  # before the five requests
    caught: Callable[[Ledger, SlackStandIn], bool]  # when to kill
    settle: Callable[[SlackStandIn], None]  # after the kill, before the restart


def _hold(slack: SlackStandIn) -> None:
    slack.slow("chat.postMessage", HOLD_SECONDS)
    slack.slow("chat.update", HOLD_SECONDS)


def _settle_held(slack: SlackStandIn) -> None:
    """The held updates never happen (Slack answers 500 to a dead process); the held posts
    do, and their replies die with the process."""
    slack.clear_faults()
    slack.fail_http("chat.update", 500, times=slack.in_flight("chat.update"))
    wait_until(lambda: slack.in_flight() == 0, 5, "the held calls to be handled")


def _drop(slack: SlackStandIn) -> None:
    slack.drop_reply("chat.postMessage", times=1000)
    slack.drop_reply("chat.update", times=1000)


HELD = Crash(
    "killed while Slack holds its calls",
    _hold,
    lambda ledger, slack: ledger.in_hand() and slack.in_flight() > 0,
    _settle_held,
)
DROPPED = Crash(
    "killed after Slack acted and the replies were lost",
    _drop,
    lambda ledger, slack: ledger.all_failed(),
    lambda slack: slack.clear_faults(),
)


def play_until_each_step_is_one_request_away(bot: BotProcess, ledger: Ledger) -> None:
    users, slack = bot.users, bot.slack
    assert start_assessment(users, slack, X, CHANNELS[X], [[ANNA], [BEN], [CARA]]).status == 200
    assert start_assessment(users, slack, Y, CHANNELS[Y], [[DAN], [DAN], [DAN]]).status == 200
    for person in (ANNA, BEN, CARA, DAN):
        assert click_start(users, slack, person).status == 200
    answer_when_shown(users, slack, BEN, "R2.1")
    answer_when_shown(users, slack, CARA, "R3.1")
    for requirement in ("R1.1", "R1.2", "R1.3", "R2.1", "R2.2", "R2.3", "R3.1", "R3.2"):
        answer_when_shown(users, slack, DAN, requirement, "not_met")
    wait_until(ledger.settled, 5, "everything before the crash delivered")


def take_the_five_steps(bot: BotProcess) -> None:
    users, slack = bot.users, bot.slack
    started = start_assessment(users, slack, S, CHANNELS[S], [[EVA], [EVA], [EVA]])
    assert (started.status, started.body, users.view_errors) == (200, "", [])
    assert answer(users, slack, ANNA, "R1.1").status == 200
    assert answer(users, slack, BEN, "R2.2").status == 200
    assert reply_with_link(users, slack, CARA, "R3.1", LINK, REPLY_EVENT).status == 200
    assert answer(users, slack, DAN, "R3.3").status == 200


@pytest.mark.parametrize("crash", [HELD, DROPPED], ids=lambda c: c.name)
def test_what_each_step_owes_arrives_once_after_a_crash(
    crash: Crash,
    slack: SlackStandIn,
    bots: BotFactory,
    sqlite_url: str,
    ledger: Ledger,
    frameworks: Path,
) -> None:
    write_framework(frameworks, roles=3, questions=2)
    add_people(slack, [ANNA, BEN, CARA, DAN, EVA], list(CHANNELS.values()))
    # A worker for each message the five steps owe: all of them are in Slack's hands at once.
    bot = bots(sqlite_url, DELIVERY_WORKERS="16").start()
    play_until_each_step_is_one_request_away(bot, ledger)
    before = ledger.delivered(slack)

    crash.arm(slack)
    take_the_five_steps(bot)
    # The completion summary draws its chart first: the first chart of a fresh process takes
    # seconds on a busy machine.
    wait_until(lambda: crash.caught(ledger, slack), 15, "every step's delivery under way")
    bot.kill()
    crash.settle(slack)
    bot.start()
    wait_until(ledger.settled, 10, "everything owed delivered after the restart")

    delivered = ledger.delivered(slack)
    assert [key for key, count in delivered.items() if count > 1] == []
    x, y, s = (ledger.assessment_id(name) for name in (X, Y, S))
    summary_thread = sorted(k for k in delivered if k.startswith(f"complete:{y}/thread:"))
    assert summary_thread, "the summary's thread"
    assert sorted(delivered - before) == sorted(
        [
            f"kickoff:{s}",
            f"intro:{s}:{EVA}",
            f"next:{x}:{BEN}:I2a:0",
            f"reply:{REPLY_EVENT}",
            f"next:{y}:{DAN}:I3b:0",
            f"complete:{y}/summary",
            *summary_thread,
            f"complete:{y}/note",
        ]
    )
    assert ledger.given_up() == []
    # Each page shows what was done on it, and each person sees what comes next.
    assert chosen(pages(slack, ANNA)[-1]) == {"R1.1": "met"}
    first, second = pages(slack, BEN)
    assert chosen(first) == {"R2.1": "met", "R2.2": "met"} and shown(second) == ["R2.3"]
    assert LINK in str(pages(slack, CARA)[-1].blocks)
    assert newest(slack, DAN, lambda m: True).text == f"All your questions in {Y} are answered."
    assert len([m for m in slack.messages_in(CHANNELS[Y]) if m.files]) == 1, "one chart"
