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
from bot.i18n import _, format_day, ngettext
from bot.slack.ids import Action, AssessmentRef, PageRef, SnoozeRef
from bot.slack.mrkdwn import clip, esc, mention
from questionnaire.reminders.sweep import AssessmentDigest, Digest, Escalation, OverdueNotice

ITEMS_SHOWN = 6
EVIDENCE_SHOWN = 5
SNOOZE_BLOCK = "snooze"


def open_work(questions: int, evidence: int) -> str:
    """`20 questions open, evidence owed for 3 requirements`, leaving out what is zero."""
    parts = []
    if questions:
        parts.append(
            ngettext("%(num)d question open", "%(num)d questions open", questions)
            % {"num": questions}
        )
    if evidence:
        parts.append(
            ngettext(
                "evidence owed for %(num)d requirement",
                "evidence owed for %(num)d requirements",
                evidence,
            )
            % {"num": evidence}
        )
    return _(", ").join(parts) or _("nothing open")


def _person_row(user_id: str, questions: int, evidence: int, extra: str = "") -> str:
    return f"• {mention(user_id)}: {open_work(questions, evidence)}{extra}"


def _work_lines(work: AssessmentDigest, locale: str) -> str:
    lines = [
        f"• {esc(i.name.get(locale))}: " + _("%(num)d open") % {"num": i.unanswered}
        for i in work.items[:ITEMS_SHOWN]
    ]
    if len(work.items) > ITEMS_SHOWN:
        more = len(work.items) - ITEMS_SHOWN
        lines.append(
            "• "
            + ngettext(
                "…and %(num)d more capability item", "…and %(num)d more capability items", more
            )
            % {"num": more}
        )
    for owed in work.evidence_owed[:EVIDENCE_SHOWN]:
        what = _(":paperclip: evidence for `%(id)s`") % {"id": esc(owed.requirement_id)}
        lines.append(f"• {what} {esc(clip(owed.text.get(locale), 80))}")
    if len(work.evidence_owed) > EVIDENCE_SHOWN:
        more = len(work.evidence_owed) - EVIDENCE_SHOWN
        lines.append(
            "• "
            + ngettext(
                "…and evidence for %(num)d more requirement",
                "…and evidence for %(num)d more requirements",
                more,
            )
            % {"num": more}
        )
    return "\n".join(lines)


def _due(work: AssessmentDigest) -> str:
    if work.due_date is None or work.days_left is None:
        return ""
    when = {"date": format_day(work.due_date), "num": work.days_left}
    if work.days_left < 0:
        return " · " + _(":warning: was due %(date)s") % when
    if work.days_left == 0:
        return " · " + _("due *today*")
    return (
        " · "
        + ngettext(
            "due %(date)s (%(num)d day left)", "due %(date)s (%(num)d days left)", work.days_left
        )
        % when
    )


def _continue(work: AssessmentDigest) -> Block:
    """Continue answering; with only evidence owed, the same button re-posts the closing list."""
    label = _("Continue") if work.unanswered else _("Add evidence")
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
        _("Your lead asked me to nudge you.")
        if d.forced
        else _("A friendly reminder about your maturity questions.")
    )
    blocks: list[Block] = [section(f":alarm_clock: {intro}")]
    for work in d.assessments[:8]:
        counts = open_work(work.unanswered, len(work.evidence_owed))
        blocks += [
            divider(),
            section(
                _("*%(name)s*: %(work)s") % {"name": esc(work.name), "work": counts}
                + f"{_due(work)}\n{_work_lines(work, locale)}"
            ),
            _continue(work),
        ]
    blocks += [
        divider(),
        actions(
            button(_("Snooze 1 day"), f"{Action.SNOOZE}:1", SnoozeRef(days=1).dump()),
            button(_("Snooze 1 week"), f"{Action.SNOOZE}:7", SnoozeRef(days=7).dump()),
            block_id=SNOOZE_BLOCK,
        ),
    ]
    return message(_("Reminder: %(work)s") % {"work": open_work(total, owed)}, blocks)


def snoozed(blocks: Sequence[Block], note: str) -> list[Block]:
    """A digest's blocks with its snooze buttons replaced by `note` (the Continue buttons stay)."""
    return [context(note) if b.get("block_id") == SNOOZE_BLOCK else b for b in blocks]


def escalations(stuck: Sequence[Escalation]) -> dict[str, Any]:
    """One DM to the lead about everyone in one assessment who made no progress after reminders."""
    work = stuck[0].work
    counts = {e.reminders_sent for e in stuck}
    same = len(counts) == 1
    rows = [
        _person_row(
            e.user_id,
            e.work.unanswered,
            len(e.work.evidence_owed),
            "" if same else f" · {_reminders(e.reminders_sent)}",
        )
        for e in stuck
    ]
    name = esc(work.name)
    head = (
        _(":rotating_light: *%(name)s*: no progress after %(reminders)s from:")
        % {"name": name, "reminders": _reminders(stuck[0].reminders_sent)}
        if same
        else _(":rotating_light: *%(name)s*: no progress after reminders from:") % {"name": name}
    )
    blocks: list[Block] = [
        *line_sections([head, *rows]),
        actions(button(_("Reassign"), Action.REASSIGN, AssessmentRef(a=work.assessment_id).dump())),
        context(_("Reassign their roles, or check in with them yourself.")),
    ]
    fallback = ngettext(
        "%(name)s: no progress from %(num)d person after reminders",
        "%(name)s: no progress from %(num)d people after reminders",
        len(stuck),
    ) % {"name": work.name, "num": len(stuck)}
    return message(fallback, blocks)


def _reminders(count: int) -> str:
    return ngettext("%(num)d reminder", "%(num)d reminders", count) % {"num": count}


def overdue(n: OverdueNotice) -> dict[str, Any]:
    rows = [_person_row(w.user_id, w.unanswered, w.evidence_owed) for w in n.open_work]
    head = _(":warning: *%(name)s* was due %(date)s and still has open work:") % {
        "name": esc(n.name),
        "date": format_day(n.due_date),
    }
    blocks: list[Block] = [
        *line_sections([head, *rows]),
        actions(button(_("Reassign"), Action.REASSIGN, AssessmentRef(a=n.assessment_id).dump())),
        context(
            _(
                "Close it with `/maturity close %(name)s` to post the final summary "
                "with what is answered."
            )
            % {"name": esc(n.name)}
        ),
    ]
    return message(_("%(name)s is overdue") % {"name": n.name}, blocks)
