"""Command replies: help, status, list (the kickoff is in `kickoff.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import Block, message, section
from bot.slack.mrkdwn import day, esc, mention, plural
from questionnaire.domain import Assessment
from questionnaire.readmodels.progress import PersonProgress

SUBCOMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Start an assessment: pick a framework, a channel and who holds each role."),
    ("status [name]", "Progress per person: answered, open, evidence owed."),
    ("list", "Assessments you lead or answer in."),
    ("assign [name]", "Change who holds which role (lead or admin)."),
    ("remind [name]", "Send reminders for an assessment now (lead or admin)."),
    ("summary [name] [--preview]", "Post the maturity summary to the channel (or only to you)."),
    ("report [name]", "Send yourself the full report (PDF and HTML)."),
    (
        "portfolio [framework] [--post]",
        "Every project's latest levels side by side (only to you, or posted here).",
    ),
    ("close [name]", "Close the assessment and post the final summary (lead or admin)."),
    (
        "delete [name]",
        "Delete an assessment with all its answers and evidence (lead or admin).",
    ),
    (
        "settings [name]",
        "Adaptive questioning, reminder days and time, holidays, escalation and weekly digest "
        "(lead or admin).",
    ),
    (
        "holidays [add|remove DATE…|country CODE [REGION]|country off]",
        "Workspace holidays and the country whose public holidays apply: no reminders on these "
        "days (admins; leads when no admin is set).",
    ),
    (
        "admins [add|remove @person…]",
        "This workspace's admins; admins add or remove them.",
    ),
    ("help", "This list."),
)


def help_message(command: str, problem: str | None = None) -> dict[str, Any]:
    lines = [f"`{command} {usage}`  {text}" for usage, text in SUBCOMMANDS]
    blocks: list[Block] = []
    if problem:
        blocks.append(section(f":warning: {problem}"))
    blocks.append(
        section(
            "*Maturity Bot* runs capability-maturity self-assessments in Slack.\n"
            + "\n".join(lines)
        )
    )
    return message(
        (problem + " " if problem else "") + f"Usage: {command} start|status|list|…", blocks
    )


def status_word(assessment: Assessment) -> str:
    """How people read an assessment's state: `open`, or `closed (Mon 7 Dec 2026)`."""
    if assessment.is_active():
        return "open"
    when = assessment.closed_at
    return f"closed ({day(when)})" if when else "closed"


def not_lead_refusal(assessment: Assessment, what: str) -> dict[str, Any]:
    """A lead-only action refused: who may do it instead."""
    return plain_reply(
        f":no_entry: Only the lead of *{esc(assessment.name)}* ({mention(assessment.lead_id)}) "
        f"or an admin can {what}."
    )


def closed_refusal(assessment: Assessment, consequence: str) -> dict[str, Any]:
    """An action refused because the assessment is closed; `consequence` says what that means."""
    return plain_reply(
        f":no_entry: *{esc(assessment.name)}* is {status_word(assessment)}: {consequence}."
    )


def status_message(
    assessment: Assessment, people: Sequence[PersonProgress], level_line: str
) -> dict[str, Any]:
    total = sum(p.questions for p in people)
    answered = sum(p.answered for p in people)
    rows = [
        f"• {mention(p.user_id)}: {p.answered}/{p.questions} answered"
        + (f", {p.evidence_owed} evidence owed" if p.evidence_owed else "")
        + (" :white_check_mark:" if p.answered == p.questions and not p.evidence_owed else "")
        for p in people[:40]
    ]
    blocks: list[Block] = [
        section(
            f"*{esc(assessment.name)}* ({esc(assessment.project)}) · {status_word(assessment)}: "
            f"{answered} of {total} answered. {level_line}"
        ),
        section("\n".join(rows) or "Nobody has questions yet."),
    ]
    return message(f"{esc(assessment.name)}: {answered} of {total} answered", blocks)


def _my_part(assessment: Assessment, questions: int, user_id: str) -> str:
    """The user's part in an assessment: `you lead it`, `you answer 21 questions`, or who leads."""
    parts = ["you lead it"] if assessment.lead_id == user_id else []
    if questions:
        parts.append(f"you answer {plural(questions, 'question')}")
    return " · ".join(parts) or f"lead {mention(assessment.lead_id)}"


def list_message(rows: Sequence[tuple[Assessment, int]], user_id: str) -> dict[str, Any]:
    """`/maturity list`: each assessment the user is in, with its state and their part
    (`rows` pairs an assessment with how many questions the user answers in it)."""
    if not rows:
        return message(
            "You are not in any assessment.",
            [
                section(
                    "You don't lead or answer in any assessment yet. Start one with `/maturity start`."
                )
            ],
        )
    lines = [
        f"• *{esc(a.name)}* ({esc(a.project)}) · {status_word(a)} · {_my_part(a, n, user_id)}"
        for a, n in rows[:40]
    ]
    return message(
        f"{plural(len(rows), 'assessment')}",
        [section("*Your assessments*\n" + "\n".join(lines))],
    )


def plain_reply(text: str) -> dict[str, Any]:
    """A one-section ephemeral reply; `text` must already be escaped where needed."""
    return message(text, [section(text)])
