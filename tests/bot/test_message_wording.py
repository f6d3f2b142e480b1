"""The wording of command replies, the kickoff, Home and the delete dialog: dates, counts,
status words, permission labels and refusals read one way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.blocks.deletion import delete_modal, deleted_note
from bot.blocks.home import home_tab
from bot.blocks.kickoff import kickoff
from bot.blocks.messages import (
    closed_refusal,
    help_message,
    list_message,
    not_lead_refusal,
    status_message,
    status_word,
)
from bot.blocks.modals import start_modal
from bot.blocks.policy import describe_policy
from bot.listeners.holidays import USAGE
from questionnaire.domain import AssessmentStatus, ReminderPolicy
from questionnaire.outbox import Deleted
from questionnaire.readmodels.progress import PersonProgress
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.deletion import DeletionImpact
from questionnaire.usecases.start import OwnerShare
from tests.summary.helpers import HOSTILE, assessment, framework, view

CLOSED = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)


def _text(payload: dict[str, Any]) -> str:
    """Every mrkdwn or plain text in a payload's blocks, one per line."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload["blocks"])
    return "\n".join(found)


def _closed(**changes: object) -> Any:
    fw = framework()
    return assessment(fw, status=AssessmentStatus.COMPLETED, closed_at=CLOSED, **changes)


def test_status_words_are_open_and_closed_with_its_day() -> None:
    fw = framework()
    assert status_word(assessment(fw)) == "open"
    assert status_word(_closed()) == "closed (Mon 7 Dec 2026)"
    assert status_word(assessment(fw, status=AssessmentStatus.COMPLETED)) == "closed"


def test_kickoff_counts_questions_dates_one_way_and_escapes_its_fallback() -> None:
    fw = framework()
    a = assessment(fw, due_date=date(2026, 12, 7), name="Q4 & <beta>")
    shares = [OwnerShare("U0DAN", 1, ("DE.DC",), ("data_engineer",), 15)]
    payload = kickoff(fw, a, shares, [])
    text = _text(payload)
    assert "(1 question). Due *Mon 7 Dec 2026*. Target: *L3 · Leading*.\n*Who answers what*" in text
    assert "requirement" not in text and "07 Dec" not in text
    assert payload["text"] == "Q4 &amp; &lt;beta&gt; started: 1 question for Fraud detection"


def test_kickoff_without_due_date_or_target_ends_its_sentence_cleanly() -> None:
    fw = framework()
    shares = [OwnerShare("U0DAN", 239, ("DE.DC",), ("data_engineer",), 3600)]
    text = _text(kickoff(fw, assessment(fw, target_level=None), shares, []))
    assert "(239 questions).\n*Who answers what*" in text


def test_status_reply_says_open_or_closed_not_the_stored_status() -> None:
    people = [PersonProgress("U0DAN", 21, 0, 0)]
    text = _text(status_message(_closed(), people, "Level so far: *L1*."))
    assert "*Fraud model 2026* (Fraud detection) · closed (Mon 7 Dec 2026): 0 of 21" in text
    assert "completed" not in text and "active" not in text
    payload = status_message(_closed(name=HOSTILE), people, "")
    assert "<!channel>" not in payload["text"]


def test_list_names_state_and_the_users_part_once() -> None:
    fw = framework()
    rows = [
        (assessment(fw, name="Led"), 0),
        (assessment(fw, name="Both"), 3),
        (_closed(name="Answered", lead_id="U0LENA"), 21),
        (assessment(fw, name="Former", lead_id="U0LENA"), 0),
    ]
    payload = list_message(rows, "U0LEAD")
    lines = _text(payload).splitlines()
    assert lines[1:] == [
        "• *Led* (Fraud detection) · open · you lead it",
        "• *Both* (Fraud detection) · open · you lead it · you answer 3 questions",
        "• *Answered* (Fraud detection) · closed (Mon 7 Dec 2026) · you answer 21 questions",
        "• *Former* (Fraud detection) · open · lead <@U0LENA>",
    ]
    assert payload["text"] == "4 assessments"
    assert list_message(rows[:1], "U0LEAD")["text"] == "1 assessment"


def test_help_labels_say_who_may_act() -> None:
    text = _text(help_message("/maturity"))
    for sub in ("assign", "remind", "close", "delete", "settings"):
        line = next(x for x in text.splitlines() if x.startswith(f"`/maturity {sub} "))
        assert line.endswith("(lead or admin).")
    assert "(lead)" not in text
    assert "(admins; leads when no admin is set)." in text
    assert USAGE.endswith("change them (admins; leads when no admin is set).")


def test_refusals_use_no_entry_and_bold_the_escaped_name() -> None:
    fw = framework()
    a = assessment(fw, name="Q4 & <beta>")
    assert not_lead_refusal(a, "close it")["text"] == (
        ":no_entry: Only the lead of *Q4 &amp; &lt;beta&gt;* (<@U0LEAD>) or an admin can close it."
    )
    assert closed_refusal(_closed(), "it sends no more reminders or digests")["text"] == (
        ":no_entry: *Fraud model 2026* is closed (Mon 7 Dec 2026): it sends no more reminders "
        "or digests."
    )


def test_home_shows_state_and_due_day_one_way() -> None:
    fw = framework()
    open_view = view(fw, {}, due_date=date(2026, 12, 7))
    text = _text(home_tab([open_view], "U0LEAD"))
    assert "*Fraud model 2026* (Fraud detection) · open · due Mon 7 Dec 2026" in text
    closed_view = view(fw, {}, status=AssessmentStatus.COMPLETED, closed_at=CLOSED)
    text = _text(home_tab([closed_view], "U0LEAD"))
    assert "*Fraud model 2026* (Fraud detection) · closed (Mon 7 Dec 2026)" in text
    assert "completed" not in text


def test_delete_dialog_counts_evidence_as_pieces_and_says_closed() -> None:
    impact = DeletionImpact(_closed(name="Q4 & <beta>"), answers=1, evidence=2, people=3)
    text = _text(delete_modal(impact, "{}"))
    assert "*Q4 &amp; &lt;beta&gt;* (Fraud detection, closed (Mon 7 Dec 2026))" in text
    assert "with 1 answer, 2 pieces of evidence and the questions of 3 people." in text
    one = DeletionImpact(_closed(), answers=2, evidence=1, people=1)
    assert "2 answers, 1 piece of evidence and the questions of 1 person" in _text(
        delete_modal(one, "{}")
    )
    assert "item" not in text
    gone = Deleted("U0LEAD", "Q4 & <beta>", "Fraud detection", "C0X", "U0LEAD", 1, 2, 3)
    assert deleted_note(gone)["text"] == "Q4 &amp; &lt;beta&gt; was deleted"


def test_start_modal_counts_a_frameworks_questions() -> None:
    registry = FrameworkRegistry()
    fw = framework()
    modal = start_modal(registry.list(), fw)
    options = [o["text"]["text"] for o in _framework_options(modal)]
    count = fw.requirement_count()
    assert f"MLOps Capability Maturity: Development Management ({count} questions)" in options
    assert all(len(o) <= 75 for o in options)


def _framework_options(modal: dict[str, Any]) -> list[dict[str, Any]]:
    block = next(b for b in modal["blocks"] if b.get("block_id") == "framework")
    return list(block["element"]["options"])


def test_digest_time_says_whose_time_zone() -> None:
    policy = ReminderPolicy(digest_weekday=0)
    assert describe_policy(policy).endswith(
        f"weekly digest every Monday at {policy.digest_time:%H:%M} in the lead's time zone."
    )
