"""Reminder digests, escalations to the lead and overdue notices."""

from __future__ import annotations

from typing import Any

from questionnaire.reminders import AssessmentDigest, Digest, Escalation, OverdueNotice

from ..ids import Action, AssessmentRef, PageRef, SnoozeRef
from ..text import clip, esc, mention
from .common import Block, actions, button, context, divider, message, section

ITEMS_SHOWN = 6
EVIDENCE_SHOWN = 5


def _work_lines(work: AssessmentDigest, locale: str) -> str:
    lines = [f"• {esc(i.name.get(locale))}: {i.unanswered} open" for i in work.items[:ITEMS_SHOWN]]
    if len(work.items) > ITEMS_SHOWN:
        lines.append(f"• …and {len(work.items) - ITEMS_SHOWN} more items")
    for owed in work.evidence_owed[:EVIDENCE_SHOWN]:
        lines.append(
            f"• :paperclip: evidence for `{esc(owed.requirement_id)}` {esc(clip(owed.text.get(locale), 80))}"
        )
    if len(work.evidence_owed) > EVIDENCE_SHOWN:
        lines.append(f"• …and {len(work.evidence_owed) - EVIDENCE_SHOWN} more evidence items")
    return "\n".join(lines)


def _due(work: AssessmentDigest) -> str:
    if work.due_date is None or work.days_left is None:
        return ""
    if work.days_left < 0:
        return f" · :warning: was due {work.due_date:%a %d %b}"
    if work.days_left == 0:
        return " · due *today*"
    return f" · due {work.due_date:%a %d %b} ({work.days_left} day{'s' if work.days_left != 1 else ''} left)"


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
        blocks += [
            divider(),
            section(
                f"*{esc(work.name)}*: {work.unanswered} questions open, {len(work.evidence_owed)} "
                f"evidence owed{_due(work)}\n{_work_lines(work, locale)}"
            ),
            actions(
                button(
                    "Continue",
                    Action.CONTINUE,
                    PageRef(a=work.assessment_id).dump(),
                    style="primary",
                ),
                block_id=f"digest:{work.assessment_id}",
            ),
        ]
    blocks += [
        divider(),
        actions(
            button("Snooze 1 day", f"{Action.SNOOZE}:1", SnoozeRef(days=1).dump()),
            button("Snooze 1 week", f"{Action.SNOOZE}:7", SnoozeRef(days=7).dump()),
            block_id="snooze",
        ),
    ]
    return message(f"Reminder: {total} questions open, {owed} evidence owed", blocks)


def escalation(e: Escalation, locale: str = "en") -> dict[str, Any]:
    work = e.work
    blocks: list[Block] = [
        section(
            f":rotating_light: {mention(e.user_id)} has not answered in *{esc(work.name)}* since "
            f"<!date^{int(e.idle_since.timestamp())}^{{date_short}}|{e.idle_since:%Y-%m-%d}> "
            f"despite {e.reminders_sent} reminders. Open: {work.unanswered} questions, "
            f"{len(work.evidence_owed)} evidence.\n{_work_lines(work, locale)}"
        ),
        actions(button("Reassign", Action.REASSIGN, AssessmentRef(a=work.assessment_id).dump())),
    ]
    return message(f"{e.user_id} seems stuck in {work.name}", blocks)


def overdue(n: OverdueNotice) -> dict[str, Any]:
    rows = [
        f"• {mention(w.user_id)}: {w.unanswered} open, {w.evidence_owed} evidence owed"
        for w in n.open_work[:30]
    ]
    blocks: list[Block] = [
        section(
            f":warning: *{esc(n.name)}* was due {n.due_date:%a %d %b %Y} and still has open work:\n"
            + "\n".join(rows)
        ),
        actions(button("Reassign", Action.REASSIGN, AssessmentRef(a=n.assessment_id).dump())),
        context("Close it with `/maturity close` to post the final summary with what is answered."),
    ]
    return message(f"{n.name} is overdue", blocks)
