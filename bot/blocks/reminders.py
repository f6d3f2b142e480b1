"""Reminder digests, escalations to the lead and overdue notices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    line_sections,
    message,
    section,
)
from bot.slack.ids import Action, AssessmentRef, PageRef, SnoozeRef
from bot.slack.mrkdwn import clip, day, esc, mention, plural
from questionnaire.reminders.sweep import AssessmentDigest, Digest, Escalation, OverdueNotice

ITEMS_SHOWN = 6
EVIDENCE_SHOWN = 5
SNOOZE_BLOCK = "snooze"


def open_work(questions: int, evidence: int) -> str:
    """`20 questions open, evidence owed for 3 requirements`, leaving out what is zero."""
    parts = []
    if questions:
        parts.append(f"{plural(questions, 'question')} open")
    if evidence:
        parts.append(f"evidence owed for {plural(evidence, 'requirement')}")
    return ", ".join(parts) or "nothing open"


def _person_row(user_id: str, questions: int, evidence: int, extra: str = "") -> str:
    return f"• {mention(user_id)}: {open_work(questions, evidence)}{extra}"


def _work_lines(work: AssessmentDigest, locale: str) -> str:
    lines = [f"• {esc(i.name.get(locale))}: {i.unanswered} open" for i in work.items[:ITEMS_SHOWN]]
    if len(work.items) > ITEMS_SHOWN:
        lines.append(f"• …and {plural(len(work.items) - ITEMS_SHOWN, 'more capability item')}")
    for owed in work.evidence_owed[:EVIDENCE_SHOWN]:
        lines.append(
            f"• :paperclip: evidence for `{esc(owed.requirement_id)}` {esc(clip(owed.text.get(locale), 80))}"
        )
    if len(work.evidence_owed) > EVIDENCE_SHOWN:
        more = len(work.evidence_owed) - EVIDENCE_SHOWN
        lines.append(f"• …and evidence for {plural(more, 'more requirement')}")
    return "\n".join(lines)


def _due(work: AssessmentDigest) -> str:
    if work.due_date is None or work.days_left is None:
        return ""
    if work.days_left < 0:
        return f" · :warning: was due {day(work.due_date)}"
    if work.days_left == 0:
        return " · due *today*"
    return f" · due {day(work.due_date)} ({plural(work.days_left, 'day')} left)"


def _continue(work: AssessmentDigest) -> Block:
    """Continue answering; with only evidence owed, the same button re-posts the closing list."""
    label = "Continue" if work.unanswered else "Add evidence"
    ref = PageRef(a=work.assessment_id).dump()
    return actions(
        button(label, Action.CONTINUE, ref, style="primary"),
        block_id=f"digest:{work.assessment_id}",
    )


def digest(d: Digest, locale: str = "en") -> dict[str, Any]:
    """One DM per person per slot, across all their assessments."""
    total = sum(w.unanswered for w in d.assessments)
    owed = sum(len(w.evidence_owed) for w in d.assessments)
    intro = (
        "Your lead asked me to nudge you."
        if d.forced
        else "A friendly reminder about your maturity questions."
    )
    blocks: list[Block] = [section(f":alarm_clock: {intro}")]
    for work in d.assessments[:8]:
        counts = open_work(work.unanswered, len(work.evidence_owed))
        blocks += [
            divider(),
            section(f"*{esc(work.name)}*: {counts}{_due(work)}\n{_work_lines(work, locale)}"),
            _continue(work),
        ]
    blocks += [
        divider(),
        actions(
            button("Snooze 1 day", f"{Action.SNOOZE}:1", SnoozeRef(days=1).dump()),
            button("Snooze 1 week", f"{Action.SNOOZE}:7", SnoozeRef(days=7).dump()),
            block_id=SNOOZE_BLOCK,
        ),
    ]
    return message(f"Reminder: {open_work(total, owed)}", blocks)


def snoozed(blocks: Sequence[Block], note: str) -> list[Block]:
    """A digest's blocks with its snooze buttons replaced by `note` (the Continue buttons stay)."""
    return [context(note) if b.get("block_id") == SNOOZE_BLOCK else b for b in blocks]


def escalations(stuck: Sequence[Escalation]) -> dict[str, Any]:
    """One DM to the lead about everyone in one assessment who made no progress after reminders."""
    work = stuck[0].work
    counts = {e.reminders_sent for e in stuck}
    after = f"after {plural(stuck[0].reminders_sent, 'reminder')}" if len(counts) == 1 else ""
    rows = [
        _person_row(
            e.user_id,
            e.work.unanswered,
            len(e.work.evidence_owed),
            "" if after else f" · {plural(e.reminders_sent, 'reminder')}",
        )
        for e in stuck
    ]
    head = f":rotating_light: *{esc(work.name)}*: no progress {after or 'after reminders'} from:"
    blocks: list[Block] = [
        *line_sections([head, *rows]),
        actions(button("Reassign", Action.REASSIGN, AssessmentRef(a=work.assessment_id).dump())),
        context("Reassign their roles, or check in with them yourself."),
    ]
    people = plural(len(stuck), "person", "people")
    return message(f"{work.name}: no progress from {people} after reminders", blocks)


def overdue(n: OverdueNotice) -> dict[str, Any]:
    rows = [_person_row(w.user_id, w.unanswered, w.evidence_owed) for w in n.open_work]
    head = f":warning: *{esc(n.name)}* was due {day(n.due_date)} and still has open work:"
    blocks: list[Block] = [
        *line_sections([head, *rows]),
        actions(button("Reassign", Action.REASSIGN, AssessmentRef(a=n.assessment_id).dump())),
        context(
            f"Close it with `/maturity close {esc(n.name)}` to post the final summary "
            "with what is answered."
        ),
    ]
    return message(f"{n.name} is overdue", blocks)
