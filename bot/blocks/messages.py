"""Command replies: help, status, list (the kickoff is in `kickoff.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import Block, message, section
from bot.i18n import N_, _, format_day, ngettext, said
from bot.slack.mrkdwn import esc, mention
from questionnaire.domain import Assessment
from questionnaire.readmodels.progress import PersonProgress

SUBCOMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start an assessment: pick a framework, a channel and who holds each role.")),
    ("status [name]", N_("Progress per person: answered, open, evidence owed.")),
    ("list", N_("Assessments you lead or answer in.")),
    ("assign [name]", N_("Change who holds which role (lead or admin).")),
    ("remind [name]", N_("Send reminders for an assessment now (lead or admin).")),
    (
        "summary [name] [--preview]",
        N_("Post the maturity summary to the channel (or only to you)."),
    ),
    ("report [name]", N_("Send yourself the full report (PDF and HTML).")),
    (
        "portfolio [framework] [--post]",
        N_("Every project's latest levels side by side (only to you, or posted here)."),
    ),
    ("close [name]", N_("Close the assessment and post the final summary (lead or admin).")),
    (
        "delete [name]",
        N_("Delete an assessment with all its answers and evidence (lead or admin)."),
    ),
    (
        "settings [name]",
        N_(
            "Adaptive questioning, reminder days and time, holidays, escalation and weekly "
            "digest (lead or admin)."
        ),
    ),
    (
        "holidays [add|remove DATE…|country CODE [REGION]|country off]",
        N_(
            "Workspace holidays and the country whose public holidays apply: no reminders on "
            "these days (admins; leads when no admin is set)."
        ),
    ),
    (
        "admins [add|remove @person…]",
        N_("This workspace's admins; admins add or remove them."),
    ),
    (
        "language [en|zh|off]",
        N_(
            "The language of everyone whose Slack profile names none (admins); others read "
            "their Slack language."
        ),
    ),
    ("help", N_("This list.")),
)


def help_message(command: str, problem: str | None = None) -> dict[str, Any]:
    lines = [f"`{command} {usage}`  {_(text)}" for usage, text in SUBCOMMANDS]
    blocks: list[Block] = []
    if problem:
        blocks.append(section(f":warning: {problem}"))
    blocks.append(
        section(
            _("*Maturity Bot* runs capability-maturity self-assessments in Slack.")
            + "\n"
            + "\n".join(lines)
        )
    )
    usage = _("Usage: %(command)s start|status|list|…") % {"command": command}
    return message((problem + " " if problem else "") + usage, blocks)


def status_word(assessment: Assessment) -> str:
    """How people read an assessment's state: `open`, or `closed (Mon 7 Dec 2026)`."""
    if assessment.is_active():
        return _("open")
    when = assessment.closed_at
    return _("closed (%(date)s)") % {"date": format_day(when)} if when else _("closed")


def named(assessment: Assessment) -> str:
    """`*Fraud Q4* (fraud-detect)`: an assessment and its project, escaped."""
    return _("*%(name)s* (%(project)s)") % {
        "name": esc(assessment.name),
        "project": esc(assessment.project),
    }


def not_lead_refusal(assessment: Assessment, what: str) -> dict[str, Any]:
    """A lead-only action refused: who may do it instead (`what`: marked with N_, such as
    N_("change its reminder settings"); translated here)."""
    values = {"name": esc(assessment.name), "lead": mention(assessment.lead_id), "what": _(what)}
    return plain_reply(
        _(":no_entry: Only the lead of *%(name)s* (%(lead)s) or an admin can %(what)s.") % values
    )


def closed_refusal(assessment: Assessment, consequence: str) -> dict[str, Any]:
    """An action refused because the assessment is closed; `consequence` (marked with N_) says
    what that means."""
    values = {
        "name": esc(assessment.name),
        "status": status_word(assessment),
        "consequence": _(consequence),
    }
    return plain_reply(_(":no_entry: *%(name)s* is %(status)s: %(consequence)s.") % values)


def status_message(
    assessment: Assessment, people: Sequence[PersonProgress], level_line: str
) -> dict[str, Any]:
    total = sum(p.questions for p in people)
    answered = sum(p.answered for p in people)
    rows = [
        f"• {mention(p.user_id)}: "
        + _("%(num)d/%(count)d answered") % {"num": p.answered, "count": p.questions}
        + (_(", %(num)d evidence owed") % {"num": p.evidence_owed} if p.evidence_owed else "")
        + (" :white_check_mark:" if p.answered == p.questions and not p.evidence_owed else "")
        for p in people[:40]
    ]
    counts = {"num": answered, "count": total}
    head = (
        f"{named(assessment)} · {status_word(assessment)}: "
        + _("%(num)d of %(count)d answered.") % counts
    )
    blocks: list[Block] = [
        section(f"{head} {said(level_line)}"),
        section("\n".join(rows) or _("Nobody has questions yet.")),
    ]
    fallback = _("%(name)s: %(num)d of %(count)d answered") % {
        "name": esc(assessment.name),
        **counts,
    }
    return message(fallback, blocks)


def _my_part(assessment: Assessment, questions: int, user_id: str) -> str:
    """The user's part in an assessment: `you lead it`, `you answer 21 questions`, or who leads."""
    parts = [_("you lead it")] if assessment.lead_id == user_id else []
    if questions:
        parts.append(
            ngettext("you answer %(num)d question", "you answer %(num)d questions", questions)
            % {"num": questions}
        )
    return " · ".join(parts) or _("lead %(person)s") % {"person": mention(assessment.lead_id)}


def list_message(rows: Sequence[tuple[Assessment, int]], user_id: str) -> dict[str, Any]:
    """`/maturity list`: each assessment the user is in, with its state and their part
    (`rows` pairs an assessment with how many questions the user answers in it)."""
    if not rows:
        return message(
            _("You are not in any assessment."),
            [
                section(
                    _(
                        "You don't lead or answer in any assessment yet. "
                        "Start one with `/maturity start`."
                    )
                )
            ],
        )
    lines = [f"• {named(a)} · {status_word(a)} · {_my_part(a, n, user_id)}" for a, n in rows[:40]]
    return message(
        ngettext("%(num)d assessment", "%(num)d assessments", len(rows)) % {"num": len(rows)},
        [section("*" + _("Your assessments") + "*\n" + "\n".join(lines))],
    )


def plain_reply(text: str) -> dict[str, Any]:
    """A one-section ephemeral reply; `text` must already be escaped where needed."""
    return message(text, [section(text)])
