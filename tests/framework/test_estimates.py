"""Time estimates: seconds left for a person's share, and how they read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from questionnaire.domain import Answer, Evidence, EvidenceKind, RequirementState, ReviewState
from questionnaire.estimates import rough_time, seconds_left
from questionnaire.framework import Framework
from questionnaire.loader.load import load_framework, load_framework_text

from .helpers import TINY

AT = datetime(2026, 12, 1, tzinfo=UTC)
NEEDS_EVIDENCE = "DEV-1.1-b"  # the tiny framework's one requirement with evidence required


def _estimate(
    framework: Framework,
    states: dict[str, RequirementState] | None = None,
    evidence: list[Evidence] | None = None,
) -> int:
    return seconds_left(framework, framework.requirements(), states or {}, evidence or [])


def _answered(answer: Answer, *, to_confirm: bool = False) -> dict[str, RequirementState]:
    return {NEEDS_EVIDENCE: RequirementState(NEEDS_EVIDENCE, answer, to_confirm=to_confirm)}


def _evidence(review: ReviewState = ReviewState.PROVIDED) -> list[Evidence]:
    return [
        Evidence(1, NEEDS_EVIDENCE, EvidenceKind.LINK, "U0DAN", AT, url="https://x", review=review)
    ]


def test_open_questions_take_15_seconds_each_and_60_more_where_evidence_is_required() -> None:
    assert _estimate(load_framework(TINY)) == 3 * 15 + 60


def test_answered_questions_count_only_the_evidence_they_still_owe() -> None:
    tiny = load_framework(TINY)
    assert _estimate(tiny, _answered(Answer.MET)) == 2 * 15 + 60
    assert _estimate(tiny, _answered(Answer.PARTIAL)) == 2 * 15 + 60
    assert _estimate(tiny, _answered(Answer.NOT_MET)) == 2 * 15
    assert _estimate(tiny, _answered(Answer.NOT_APPLICABLE)) == 2 * 15
    assert _estimate(tiny, _answered(Answer.MET), _evidence()) == 2 * 15


def test_evidence_that_stands_is_not_owed_again_and_rejected_evidence_is() -> None:
    tiny = load_framework(TINY)
    assert _estimate(tiny, {}, _evidence()) == 3 * 15  # carried over from last time
    assert _estimate(tiny, _answered(Answer.MET), _evidence(ReviewState.REJECTED)) == 2 * 15 + 60


def test_an_answer_to_confirm_is_still_open() -> None:
    tiny = load_framework(TINY)
    assert _estimate(tiny, _answered(Answer.MET, to_confirm=True)) == 3 * 15 + 60


def test_the_framework_timing_and_a_requirement_override_are_used(tiny_text: str) -> None:
    text = tiny_text.replace(
        "domains:\n", "timing:\n  answer_seconds: 20\n  evidence_seconds: 100\ndomains:\n"
    ).replace(
        "                theme: process\n",
        "                theme: process\n                seconds: 90\n",
        1,
    )
    framework = load_framework_text(text, "tiny.yaml")
    assert _estimate(framework) == 90 + 20 + 20 + 100


def test_only_the_given_requirements_count() -> None:
    tiny = load_framework(TINY)
    share = [loc for loc in tiny.requirements() if loc.role == "engineer"]
    assert seconds_left(tiny, share, {}, []) == 2 * 15 + 60
    assert seconds_left(tiny, [], {}, []) == 0


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "under a minute"),
        (59, "under a minute"),
        (60, "about 1 min"),
        (61, "about 2 min"),  # rounded up: finishing early is the better surprise
        (29 * 60 + 1, "about 30 min"),
        (30 * 60, "about 30 min"),
        (30 * 60 + 1, "about 35 min"),  # above half an hour, to 5 minutes
        (35 * 60, "about 35 min"),
        (55 * 60 + 1, "about 1 h"),
        (60 * 60, "about 1 h"),
        (60 * 60 + 1, "about 1 h 5 min"),
        (80 * 60, "about 1 h 20 min"),
        (239 * 15 + 80 * 60, "about 2 h 20 min"),
        (10 * 3600, "about 10 h"),
    ],
)
def test_rough_time_is_always_about_and_never_falsely_precise(seconds: int, words: str) -> None:
    assert rough_time(seconds) == words
