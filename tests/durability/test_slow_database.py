"""A click while the database is held by someone else for longer than Slack waits: the served
bot acknowledges it before Slack's three seconds run out, and the answer is saved and the page
updated once the database is free."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from devkit.standin import SlackStandIn

from . import journey
from .conftest import BotFactory
from .ledger import Ledger
from .process import wait_until

PERSON = "U0SLOW"
HELD_SECONDS = 3.3  # longer than Slack waits for an ack
ACK_SECONDS = 3.0


def test_a_click_waiting_on_a_held_database_is_acked_in_time_and_saved_after(
    slack: SlackStandIn, bots: BotFactory, sqlite_url: str, ledger: Ledger, frameworks: Path
) -> None:
    journey.write_framework(frameworks, roles=1, questions=2)
    journey.add_people(slack, [PERSON], ["C0SLOW"])
    bot = bots(sqlite_url).start()
    users = bot.users
    assert journey.start_assessment(users, slack, "Slow", "C0SLOW", [[PERSON]]).status == 200
    assert journey.click_start(users, slack, PERSON).status == 200
    wait_until(lambda: journey.pages(slack, PERSON), 10, "the first page")

    clicked = journey.requirement(1, 1)
    # Another writer (a migration, a long report, an operator's shell) holds the write lock.
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        status = journey.answer(users, slack, PERSON, clicked, "not_met").status
        acked = time.monotonic() - started
        time.sleep(max(0.0, HELD_SECONDS - acked))
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert status == 200 and acked < ACK_SECONDS, acked
    wait_until(
        lambda: journey.chosen(journey.pages(slack, PERSON)[-1]) == {clicked: "not_met"},
        10,
        "the page to show the answer",
    )
    wait_until(ledger.settled, 5, "nothing left to deliver")
    assert len(slack.calls("chat.update")) == 1  # updated once, as any click


def test_a_modal_waiting_on_a_held_database_says_still_working_in_time_then_saved(
    slack: SlackStandIn, bots: BotFactory, sqlite_url: str, ledger: Ledger, frameworks: Path
) -> None:
    """The start modal submitted while another writer holds the database: within Slack's wait
    the modal shows "still working" (no Slack error), and once the database is free the
    assessment is started once and the modal says so."""
    journey.write_framework(frameworks, roles=1, questions=2)
    journey.add_people(slack, [PERSON], ["C0SLOW"])
    bot = bots(sqlite_url).start()
    users = bot.users
    view_id = journey.open_start_modal(users, slack, "C0SLOW")
    values = journey.start_values("Held", "C0SLOW", [[PERSON]])

    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        response = users.view_submission(journey.LEAD, "start_assessment", values, view_id=view_id)
        acked = time.monotonic() - started
        modal = slack.view(view_id)
        assert modal is not None
        saving = dict(modal.body)  # as the ack left it, while the database is held
        time.sleep(max(0.0, HELD_SECONDS - acked))
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert response.status == 200 and acked < ACK_SECONDS, acked
    assert users.view_errors == []  # a view Slack takes
    assert "Still working" in json.dumps(saving)
    wait_until(lambda: "Saved" in json.dumps(modal.body), 10, "the modal to say it was saved")
    wait_until(ledger.settled, 5, "nothing left to deliver")
    kickoffs = [m for m in slack.messages("C0SLOW") if "Held" in m.text]
    assert len(kickoffs) == 1  # started once


def test_a_command_waiting_on_a_held_database_says_working_in_time_then_answers(
    slack: SlackStandIn, bots: BotFactory, sqlite_url: str, ledger: Ledger, frameworks: Path
) -> None:
    """`/maturity close` while another writer holds the database: within Slack's wait the lead
    sees "working on it" (not Slack's operation_timeout); once the database is free the
    assessment is closed once, the answer comes through the command's response_url and the
    final summary is posted."""
    journey.write_framework(frameworks, roles=1, questions=2)
    journey.add_people(slack, [PERSON], ["C0SLOW"])
    bot = bots(sqlite_url).start()
    users = bot.users
    assert journey.start_assessment(users, slack, "Closing", "C0SLOW", [[PERSON]]).status == 200
    wait_until(ledger.settled, 10, "the kickoff delivered")

    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        response = users.slash_command(journey.LEAD, "close Closing", channel_id="C0SLOW")
        acked = time.monotonic() - started
        time.sleep(max(0.0, HELD_SECONDS - acked))
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert response.status == 200 and acked < ACK_SECONDS, acked
    assert "Working on it" in json.dumps(response.body)

    def answered() -> list[str]:
        return [
            m.text
            for m in slack.messages("C0SLOW")
            if m.ephemeral_to == journey.LEAD and m.source == "response_url"
        ]

    wait_until(lambda: any("Closed" in text for text in answered()), 10, "the close's answer")
    wait_until(ledger.settled, 5, "nothing left to deliver")
    assert len(answered()) == 1  # closed once, answered once
    summaries = [m for m in slack.messages("C0SLOW") if m.text.startswith("Final maturity")]
    assert len(summaries) == 1
