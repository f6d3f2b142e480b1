"""Slack contract: adaptive questioning through the real app. The start modal offers it ticked
and explained; a Not met takes the questions above it off the page, which says so; changing the
answer brings them back with one new page."""

from __future__ import annotations

from typing import Any

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, plain_text_value

from .conftest import QUICKCHECK
from .forms import initial_state

LEAD, PAUL = scenario.LEAD[0], scenario.HOLDERS["product_owner"][0]
FIRST = "QC.RM.REQ.L1.1"  # Paul's first question; his L2..L5 of the same sub-item follow it
ABOVE = ["QC.RM.REQ.L2.1", "QC.RM.REQ.L3.1", "QC.RM.REQ.L4.1", "QC.RM.REQ.L5.1"]


def adaptive(h: Harness, assessment_id: int) -> bool:
    with h.services.uow() as uow:
        found = uow.assessments.get(h.team_id, assessment_id)
    assert found is not None
    return found.adaptive


def shown(message: Message) -> list[str]:
    """The requirement ids a question page shows, in order."""
    return [
        b["block_id"][2:]
        for b in message.blocks or []
        if b.get("type") == "section" and b.get("block_id", "").startswith("q:")
    ]


def texts(message: Message) -> str:
    return str(message.blocks)


def pages(h: Harness, user: str) -> list[Message]:
    return [m for m in h.slack.messages(user) if shown(m)]


def test_the_start_modal_offers_it_ticked_and_explained_and_stores_it(harness: Harness) -> None:
    harness.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    modal = harness.slack.open_modal(LEAD)
    assert modal is not None
    [block] = [b for b in modal.body["blocks"] if b.get("block_id") == "adaptive"]
    assert block["element"]["initial_options"][0]["value"] == "on"
    assert "levels come out the same" in block["hint"]["text"]
    changes: dict[str, Any] = {
        "name": plain_text_value("Adaptive by default"),
        "project": plain_text_value("p"),
    }
    values = initial_state(modal.body["blocks"], **changes)
    assert harness.users.view_submission(LEAD, "start_assessment", values).status == 200
    with harness.services.uow() as uow:
        found = uow.assessments.by_name(harness.team_id, "Adaptive by default")
    assert found is not None and found.adaptive


def test_unticked_every_question_is_asked(started: tuple[Harness, int]) -> None:
    h, assessment_id = started  # the contract fixture unticks it
    assert not adaptive(h, assessment_id)


def test_a_not_met_skips_the_questions_above_and_a_met_brings_them_back(harness: Harness) -> None:
    h = harness
    assert adaptive(h, scenario.start_assessment(h, framework=QUICKCHECK))
    scenario.click(h, PAUL, "continue")
    [page] = pages(h, PAUL)
    assert shown(page) == [FIRST, *ABOVE]
    scenario.click(h, PAUL, "answer:not_met", requirement=FIRST)
    [page] = pages(h, PAUL)  # re-rendered in place, without the skipped questions
    assert shown(page) == [FIRST]
    assert ":fast_forward: Not asked: 4 questions of *" in texts(page)
    assert "above Level 1, blocked by a Not met at Level 1" in texts(page)
    assert scenario.open_questions(h, PAUL) == []
    scenario.click(h, PAUL, "answer:met", requirement=FIRST)  # he thinks again
    first, again = pages(h, PAUL)
    assert shown(first) == [FIRST, *ABOVE] and "Not asked" not in texts(first)
    assert shown(again) == [FIRST, *ABOVE]  # one new page: the questions are back
    assert scenario.open_questions(h, PAUL) == ABOVE
