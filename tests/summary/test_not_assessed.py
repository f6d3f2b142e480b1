"""Summaries count not-assessed gaps apart from unanswered and Not met ones."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.blocks.summary import gap_count
from questionnaire.readmodels.summary import GapRow, reason_counts
from scoring import Reason

GAP = GapRow(
    requirement_id="R1",
    text="t",
    level=2,
    role="dev",
    role_name="Developer",
    owner="U1",
    reason=Reason.NOT_MET,
    item_id="I",
    domain_name="D",
    item_name="I",
    subitem_name="S",
)
NOT_MET = GAP
SKIPPED = replace(GAP, reason=Reason.NOT_ASSESSED)
OPEN = replace(GAP, reason=Reason.UNANSWERED)


@pytest.mark.parametrize(
    ("gaps", "text"),
    [
        ([NOT_MET, SKIPPED, SKIPPED], "3 gaps, 2 of them not assessed"),
        ([SKIPPED, SKIPPED], "2 gaps, all not assessed"),
        ([NOT_MET, OPEN, SKIPPED], "3 gaps, 1 unanswered and 1 not assessed"),
        ([NOT_MET, OPEN], "2 gaps, 1 of them unanswered"),
    ],
)
def test_gap_counts_name_not_assessed_on_their_own(gaps: list[GapRow], text: str) -> None:
    assert gap_count(gaps) == text


def test_counts_by_reason_put_not_assessed_between_known_and_open() -> None:
    assert reason_counts([OPEN, SKIPPED, NOT_MET, SKIPPED]) == [
        "1 not met",
        "2 not assessed",
        "1 unanswered",
    ]
