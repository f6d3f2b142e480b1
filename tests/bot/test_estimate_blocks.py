"""How long people's parts take, as the kickoff, the intro DM and the Home tab say it."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.blocks.home import home_tab
from bot.blocks.kickoff import kickoff
from bot.blocks.questions import intro
from devkit.standin import check_message_blocks, check_view
from questionnaire.domain import Answer, AssessmentStatus
from questionnaire.estimates import rough_time
from questionnaire.usecases.start import OwnerShare
from tests.summary.helpers import HOSTILE, assessment, framework, view

DATA = "U0DATA"  # holds the data engineer role in the helpers' assessments
# The default timing: 15 seconds to answer a question, a minute more to give its evidence.
ANSWER, EVIDENCE = 15, 60


def _valid_message(payload: dict[str, Any]) -> str:
    """The payload's section texts, after checking it is Block Kit Slack accepts."""
    assert check_message_blocks(payload["blocks"]) == []
    for block in Block.parse_all(payload["blocks"]):
        block.validate_json()
    return "\n".join(b["text"]["text"] for b in payload["blocks"] if b["type"] == "section")


def _valid_home(payload: dict[str, Any]) -> str:
    assert check_view(payload, "home") == []
    View(**payload).validate_json()
    return "\n".join(b["text"]["text"] for b in payload["blocks"] if b["type"] == "section")


def test_kickoff_says_each_persons_questions_and_about_how_long() -> None:
    fw = framework()
    shares = [
        OwnerShare("U0DAN", 72, ("DE.DC",), ("data_engineer",), 3480),
        OwnerShare("U0TESS", 1, ("DE.DC",), ("test_engineer",), 15),
    ]
    text = _valid_message(kickoff(fw, assessment(fw), shares, []))
    assert "• <@U0DAN>: 72 questions, about 1 h (Data engineer)" in text
    assert "• <@U0TESS>: 1 question, under a minute (Test engineer)" in text
    # With adaptive questioning some are skipped: the share is an upper bound, and says so.
    adaptive = assessment(fw)
    adaptive.adaptive = True
    text = _valid_message(kickoff(fw, adaptive, shares, []))
    assert "• <@U0DAN>: up to 72 questions, about 1 h (Data engineer)" in text


def test_intro_says_at_most_how_many_and_about_how_long_and_that_one_can_stop() -> None:
    fw = framework()
    payload = intro(fw, assessment(fw, id=7), 72, 3480, ["Data Collection"], ["data_engineer"])
    text = _valid_message(payload)
    assert "As *Data engineer* you answer questions in 1 capability item:\n• Data Collection\n" in (
        text
    )
    assert (
        "Your part: *at most 72 questions, about 1 h*. "
        "You can stop any time and continue where you left off." in text
    )
    assert payload["text"] == "Fraud model 2026: your part is at most 72 questions, about 1 h"


def test_intro_escapes_the_assessment_name_in_its_notification_text() -> None:
    fw = framework()
    payload = intro(fw, assessment(fw, name=HOSTILE), 1, 15, ["A"], ["data_engineer"])
    assert "<!channel>" not in payload["text"] and "<!channel>" not in _valid_message(payload)


def test_home_says_how_long_what_is_left_takes() -> None:
    fw = framework()
    mine = view(fw, {}).routing.owned_by(DATA)
    n, owed = len(mine), sum(loc.requirement.evidence.required for loc in mine)
    assert 0 < owed < n  # both parts of the estimate count
    time = rough_time(n * ANSWER + owed * EVIDENCE)
    text = _valid_home(home_tab([view(fw, {})], DATA))
    assert f"Your questions: 0 of {n} answered, {n} open.\nTime left: {time}." in text


def test_home_counts_the_evidence_still_owed_once_everything_is_answered() -> None:
    fw = framework()
    mine = view(fw, {}).routing.owned_by(DATA)
    answers = {loc.requirement.id: Answer.MET for loc in mine}
    owed = sum(loc.requirement.evidence.required for loc in mine)
    assert owed > 0
    text = _valid_home(home_tab([view(fw, answers)], DATA))
    time = rough_time(owed * EVIDENCE)  # all answered: only the evidence is left
    assert f"Evidence you owe ({owed}):" in text and text.endswith(f"Time left: {time}.")
    with_proof = view(fw, answers, evidence_for=frozenset(answers))
    assert "Time left" not in _valid_home(home_tab([with_proof], DATA))


def test_home_gives_no_time_for_a_closed_assessment() -> None:
    fw = framework()
    closed = view(fw, {}, status=AssessmentStatus.COMPLETED)
    n = len(closed.routing.owned_by(DATA))
    text = _valid_home(home_tab([closed], DATA))
    assert f"{n} open." in text and "Time left" not in text
