"""Command replies and channel posts: help, kickoff, status, list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from questionnaire.usecases.start import OwnerShare

from ..text import esc, mention, plural
from .common import Block, context, header, message, section

SUBCOMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Start an assessment: pick a framework, a channel and who holds each role."),
    ("status [name]", "Progress per person: answered, open, evidence owed."),
    ("list", "Assessments you lead or answer in."),
    ("assign [name]", "Change who holds which role (lead)."),
    ("remind [name]", "Send reminders for an assessment now (lead)."),
    ("summary [name] [--preview]", "Post the maturity summary to the channel (or only to you)."),
    ("report [name]", "Send yourself the full HTML report."),
    ("close [name]", "Close the assessment and post the final summary (lead)."),
    ("delete [name]", "Delete an assessment with all its answers and evidence (lead)."),
    ("settings [name]", "Reminder days, time, holidays, escalation and weekly digest (lead)."),
    ("holidays [add|remove DATE…]", "Workspace holidays: no reminders on these days (admins)."),
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


def kickoff(
    framework: Framework,
    assessment: Assessment,
    shares: Sequence[OwnerShare],
    fallback_roles: Sequence[str],
    locale: str = "en",
) -> dict[str, Any]:
    """Posted to the summary channel when an assessment starts."""
    total = sum(s.questions for s in shares)
    owners = "\n".join(
        f"• {mention(s.user_id)}: {plural(s.questions, 'question')} "
        f"({esc(', '.join(framework.role(r).name.get(locale) for r in s.roles))})"
        for s in shares[:20]
    )
    due = f"Due *{assessment.due_date:%a %d %b %Y}*. " if assessment.due_date else ""
    target = (
        f"Target: *{framework.level_label(assessment.target_level, locale)}*. "
        if assessment.target_level
        else ""
    )
    blocks: list[Block] = [
        header(f"Maturity assessment started: {assessment.name}"),
        section(
            f"{mention(assessment.lead_id)} started *{esc(assessment.name)}* for "
            f"*{esc(assessment.project)}* against _{esc(framework.title.get(locale))}_ "
            f"({total} requirements). {due}{target}\n*Who answers what*\n{owners}"
        ),
    ]
    if fallback_roles:
        names = ", ".join(framework.role(r).name.get(locale) for r in fallback_roles)
        blocks.append(context(f"No one holds {esc(names)}: those questions go to the lead."))
    blocks.append(context("Each person gets their questions by DM, one capability item at a time."))
    return message(
        f"{assessment.name} started: {total} requirements for {assessment.project}", blocks
    )


@dataclass(frozen=True, slots=True)
class PersonProgress:
    user_id: str
    questions: int
    answered: int
    evidence_owed: int


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
            f"*{esc(assessment.name)}* ({esc(assessment.project)}), {assessment.status.value}: "
            f"{answered} of {total} answered. {level_line}"
        ),
        section("\n".join(rows) or "Nobody has questions yet."),
    ]
    return message(f"{assessment.name}: {answered} of {total} answered", blocks)


def list_message(rows: Sequence[tuple[Assessment, str]], user_id: str) -> dict[str, Any]:
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
        f"• *{esc(a.name)}* ({esc(a.project)}), {a.status.value}, lead {mention(a.lead_id)}: {esc(note)}"
        for a, note in rows[:40]
    ]
    return message(f"{len(rows)} assessments", [section("*Your assessments*\n" + "\n".join(lines))])


def plain_reply(text: str) -> dict[str, Any]:
    """A one-section ephemeral reply; `text` must already be escaped where needed."""
    return message(text, [section(text)])


def role_names(framework: Framework, roles: Mapping[str, Sequence[str]]) -> str:
    return ", ".join(f"{framework.role(k).name.en}: {len(v)}" for k, v in roles.items())
