"""Reminder, escalation and overdue DMs read well: no zero parts, counted nouns, real dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.blocks.reminders import digest, escalations, overdue, snoozed
from questionnaire.framework import Text
from questionnaire.reminders.sweep import (
    AssessmentDigest,
    Digest,
    Escalation,
    ItemCount,
    OpenWork,
    OverdueNotice,
    OwedEvidence,
)

NAME = "Fraud <detection> Q4"
SAFE = "Fraud &lt;detection&gt; Q4"


def work(questions: int = 0, evidence: int = 0, items: int = 1, **more: Any) -> AssessmentDigest:
    """Open work in `items` items of `questions` open questions each, and `evidence` owed."""
    counts = tuple(ItemCount(f"i{n}", Text(en=f"Item {n}"), questions) for n in range(items))
    owed = tuple(OwedEvidence(f"R{n}", Text(en=f"Requirement {n}")) for n in range(evidence))
    more.setdefault("due_date", None)
    return AssessmentDigest(7, NAME, counts if questions else (), owed, resume_item_id="i0", **more)


def texts(payload: dict[str, Any], kind: str = "section") -> str:
    return "\n".join(
        b["text"]["text"] if kind == "section" else b["elements"][0]["text"]
        for b in payload["blocks"]
        if b["type"] == kind
    )


def labels(payload: dict[str, Any]) -> list[str]:
    return [
        e["text"]["text"]
        for b in payload["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_digest_leaves_out_what_is_zero_and_counts_with_plurals() -> None:
    only_questions = digest(Digest("U1", (work(questions=20),)))
    assert only_questions["text"] == "Reminder: 20 questions open"
    assert f"*{SAFE}*: 20 questions open\n" in texts(only_questions)
    assert "evidence" not in texts(only_questions)

    only_evidence = digest(Digest("U1", (work(evidence=3),)))
    assert only_evidence["text"] == "Reminder: evidence owed for 3 requirements"
    assert f"*{SAFE}*: evidence owed for 3 requirements" in texts(only_evidence)
    assert "questions open" not in texts(only_evidence)
    # With only evidence owed, the button re-posts the closing list: it says so.
    assert labels(only_evidence) == ["Add evidence", "Snooze 1 day", "Snooze 1 week"]

    both = digest(Digest("U1", (work(questions=1, evidence=1),)))
    assert both["text"] == "Reminder: 1 question open, evidence owed for 1 requirement"
    assert labels(both)[0] == "Continue"


def test_digest_says_how_many_more_in_words_and_dates_the_due_day() -> None:
    many = work(questions=2, evidence=7, items=8, due_date=date(2026, 12, 7), days_left=1)
    body = texts(digest(Digest("U1", (many,))))
    assert "· due Mon 7 Dec 2026 (1 day left)" in body
    assert "• …and 2 more capability items" in body
    assert "• …and evidence for 2 more requirements" in body
    assert "evidence items" not in body


def test_one_escalation_dm_names_everyone_without_raw_ids_in_the_notification() -> None:
    since = datetime(2026, 11, 23, tzinfo=UTC)
    same = escalations(
        [
            Escalation("ULEAD", "U0DAN", work(questions=72), 2, since),
            Escalation("ULEAD", "U0PAUL", work(evidence=1), 2, since),
        ]
    )
    assert same["text"] == f"{NAME}: no progress from 2 people after reminders"
    assert "U0" not in same["text"]
    assert texts(same) == (
        f":rotating_light: *{SAFE}*: no progress after 2 reminders from:\n"
        "• <@U0DAN>: 72 questions open\n"
        "• <@U0PAUL>: evidence owed for 1 requirement"
    )
    assert labels(same) == ["Reassign"]

    mixed = escalations(
        [
            Escalation("ULEAD", "U0DAN", work(questions=1), 3, since),
            Escalation("ULEAD", "U0PAUL", work(questions=4), 2, since),
        ]
    )
    assert mixed["text"] == f"{NAME}: no progress from 2 people after reminders"
    assert texts(mixed) == (
        f":rotating_light: *{SAFE}*: no progress after reminders from:\n"
        "• <@U0DAN>: 1 question open · 3 reminders\n"
        "• <@U0PAUL>: 4 questions open · 2 reminders"
    )


def test_overdue_notice_counts_in_words_dates_and_names_the_close_command() -> None:
    notice = OverdueNotice(
        "ULEAD",
        7,
        NAME,
        date(2026, 12, 7),
        (OpenWork("U0ALEX", 61, 0), OpenWork("U0PAUL", 0, 1), OpenWork("U0DAN", 1, 2)),
    )
    payload = overdue(notice)
    assert texts(payload) == (
        f":warning: *{SAFE}* was due Mon 7 Dec 2026 and still has open work:\n"
        "• <@U0ALEX>: 61 questions open\n"
        "• <@U0PAUL>: evidence owed for 1 requirement\n"
        "• <@U0DAN>: 1 question open, evidence owed for 2 requirements"
    )
    assert f"`/maturity close {SAFE}`" in texts(payload, "context")
    assert payload["text"] == f"{NAME} is overdue"


def test_snoozing_replaces_only_the_snooze_buttons_with_the_note() -> None:
    blocks = digest(Digest("U1", (work(questions=2),)))["blocks"]
    after = snoozed(blocks, ":zzz: Snoozed")
    assert len(after) == len(blocks)
    assert labels({"blocks": after}) == ["Continue"]
    assert texts({"blocks": after}, "context") == ":zzz: Snoozed"
