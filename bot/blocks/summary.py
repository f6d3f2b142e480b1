"""Maturity summaries in Slack: the short channel message and its thread (per item, the plan).

Each gap owner is @-mentioned at most once per summary: in the channel message when they own one
of the steps it lists (their name after that), else in the thread's "by owner" list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.blocks.common import MESSAGE_BLOCKS_MAX, Block, context, fields, header, message, section
from bot.blocks.plan import TOP_STEPS, owner_name, path_line, plan_blocks, plan_text
from bot.blocks.prose import render
from bot.i18n import _, format_day, format_percent, ngettext
from bot.i18n.terms import REASONS, level_label, reason_count, reason_label, sentences
from bot.slack.mrkdwn import esc, mention
from questionnaire.readmodels.summary import (
    GapRow,
    NodeRow,
    SummaryData,
    trend,
)
from scoring import NodeKind, Reason

THREAD_PAGE_BLOCKS = 45  # stay well inside the 50-block limit (Slack rejects some big messages)
OWNERS_MAX = 40


def summary_message(
    data: SummaryData,
    *,
    preview: bool = False,
    final: bool = False,
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The short channel message: the level, the path to the next level, domains, completion.
    `names` (user id → display name) names owners already mentioned once."""
    a = data.assessment
    kind = _("Final maturity summary") if final else _("Maturity summary")
    title = _("%(kind)s: %(name)s") % {"kind": kind, "name": a.name}
    if preview:
        title = _("Preview · %(title)s") % {"title": title}
    blocks: list[Block] = [header(title), section(_overall_text(data))]
    blocks.append(section(plan_text(data, names or {}, set())))
    domains = [_node_text(data, d, compact=True) for d in data.domains]
    blocks += [fields(*domains[i : i + 10]) for i in range(0, len(domains), 10)]  # 10 per block
    c = data.completion
    blocks.append(context(render("summary_completion.j2", c=c, share=percent(c.answered_share))))
    notes = [_("Per-item breakdown and the whole plan in the thread.")]
    if preview:
        notes.insert(
            0, _("Only you can see this preview; `/maturity summary` posts it to the channel.")
        )
    blocks.append(context(*notes))
    fallback = _("%(title)s: %(level)s%(state)s, %(progress)s") % {
        "title": esc(title),
        "level": esc(overall_label(data)),
        "state": _state_note(data),
        "progress": progress_text(data),
    }
    return message(fallback, blocks)


def thread_messages(
    data: SummaryData, names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """The per-item breakdown (a header per domain) and gaps by owner, split into messages of at
    most 45 blocks."""
    blocks: list[Block] = [
        section(_("*Per capability item*")),
        context(
            _(
                "L = level reached · %% = requirements up to %(goal)s met · to L…: steps of the "
                "plan that lift the item one level, :zap: quick wins"
            )
            % {"goal": esc(goal_label(data))}
        ),
    ]
    for domain in data.domains:
        blocks.append(header(domain.name))
        if not domain.in_scope:
            blocks.append(context(_("Not in scope: neither asked nor counted in the levels.")))
            continue
        blocks.append(
            context(_("Whole domain: %(row)s") % {"row": _node_text(data, domain, named=False)})
        )
        for item in domain.children:
            blocks.append(section(_node_text(data, item, gaps=data.item_gaps(item.id))))
    blocks += plan_blocks(data, names or {})
    owners = _owner_rows(data, names or {})
    if owners:
        blocks.append(section(render("summary_owners.j2", goal=goal_label(data), owners=owners)))
    title = _("%(name)s: per-item breakdown") % {"name": esc(data.assessment.name)}
    return paginate(title, blocks)


def completion_note(data: SummaryData) -> dict[str, Any]:
    """The line under the summary posted when every question is answered: the lead can close it
    now; the summary above stands as the final one unless answers change before the close."""
    a, c = data.assessment, data.completion
    missing = c.evidence_required - c.evidence_provided
    asked = c.total - c.not_assessed
    values = {"num": asked, "name": esc(a.name), "skipped": c.not_assessed, "missing": missing}
    parts = [
        ngettext(
            ":white_check_mark: The %(num)d question of *%(name)s* is answered.",
            ":white_check_mark: All %(num)d questions of *%(name)s* are answered.",
            asked,
        )
        % values
    ]
    if c.not_assessed:
        parts.append(_("(%(skipped)d more not assessed.)") % values)
    if missing:
        parts.append(
            ngettext(
                "Evidence for %(num)d requirement is still missing.",
                "Evidence for %(num)d requirements is still missing.",
                missing,
            )
            % {"num": missing}
        )
    parts.append(
        _(
            "%(lead)s can close it with `/maturity close %(name)s`; until then answers can "
            "still change (the close posts a new summary if they do)."
        )
        % {"lead": mention(a.lead_id), "name": esc(a.name)}
    )
    fallback = _("All questions of %(name)s are answered") % values
    return message(fallback, [section(sentences(parts))])


def closed_note(data: SummaryData, summarised_at: datetime) -> dict[str, Any]:
    """Posted at the close when nothing changed since the summary of the last answer."""
    a = data.assessment
    values = {
        "name": esc(a.name),
        "day": format_day(summarised_at.date()),
        "level": esc(overall_label(data)),
        "progress": progress_text(data),
    }
    text = _(
        ":lock: *%(name)s* is closed. Its final result is the summary posted when the last "
        "question was answered (%(day)s): *%(level)s*, %(progress)s."
    )
    return message(_("%(name)s is closed: %(level)s") % values, [section(text % values)])


def named_owners(data: SummaryData) -> set[str]:
    """Owners the summary shows by name somewhere (so their names are worth looking up): every
    gap's owner (the thread's plan names them; each is mentioned once, in the message or the
    thread's list by owner)."""
    return {g.owner for g in data.gaps}


def mentioned_in_message(data: SummaryData) -> set[str]:
    """Owners the channel message mentions: those of the steps it lists."""
    return {step.owner for step in data.next_path().steps[:TOP_STEPS]}


def progress_text(data: SummaryData) -> str:
    """`38% of the requirements up to Level 3 · Leading (the target) met`."""
    values = {"share": percent(data.overall.progress.share), "goal": esc(goal_label(data))}
    if data.goal == data.assessment.target_level:
        return _("%(share)s of the requirements up to %(goal)s (the target) met") % values
    return _("%(share)s of the requirements up to %(goal)s met") % values


def goal_label(data: SummaryData) -> str:
    """`Level 3 · Leading`: the level this summary counts gaps toward."""
    return level_label(data.framework, data.goal, long=True)


def overall_label(data: SummaryData) -> str:
    """`Level 2 · Professional`: the overall level reached."""
    return level_label(data.framework, data.overall.level, long=True)


def paginate(
    text: str, blocks: Sequence[Block], size: int = THREAD_PAGE_BLOCKS
) -> list[dict[str, Any]]:
    """Messages of at most `size` blocks each; the fallback text says `(page i/n)` when split."""
    if not 0 < size <= MESSAGE_BLOCKS_MAX:
        raise ValueError(f"page size must be 1..{MESSAGE_BLOCKS_MAX}")
    pages = [list(blocks[i : i + size]) for i in range(0, len(blocks), size)] or [[]]
    if len(pages) == 1:
        return [message(text, pages[0])]
    return [message(f"{text} ({n}/{len(pages)})", page) for n, page in enumerate(pages, 1)]


def problem_note(what: str, name: str, channel: str, reason: str) -> str:
    """The note to the lead when the chart (`what="chart"`) or the summary could not be posted."""
    return render("summary_problem.j2", what=what, name=name, channel=channel, reason=reason)


def percent(share: float) -> str:
    """`42%`; `<1%` and `>99%` where rounding would claim 0% or 100% untruthfully."""
    if 0 < share < 0.01:
        return "<" + format_percent(0.01)
    if 0.99 < share < 1:
        return ">" + format_percent(0.99)
    return format_percent(round(share, 2))


def gap_count(gaps: Sequence[GapRow]) -> str:
    """`17 gaps, 16 of them unanswered`, `3 gaps, all unanswered`, `2 gaps`, `9 gaps, 2
    unanswered and 4 not assessed`: one wording for the message and its thread, so their counts
    can be compared."""
    total = len(gaps)
    text = ngettext("%(num)d gap", "%(num)d gaps", total) % {"num": total}
    counts = [
        (n, reason)
        for reason in (Reason.UNANSWERED, Reason.NOT_ASSESSED)
        if (n := sum(1 for g in gaps if g.reason is reason))
    ]
    if not counts:
        return text
    if len(counts) > 1:
        (n1, r1), (n2, r2) = counts
        return _("%(gaps)s, %(first)s and %(second)s") % {
            "gaps": text,
            "first": reason_count(r1, n1),
            "second": reason_count(r2, n2),
        }
    n, reason = counts[0]
    values = {"gaps": text, "num": n, "reason": reason_label(reason)}
    if n == total:
        if total == 1:
            return _("%(gaps)s, %(reason)s") % values
        return _("%(gaps)s, all %(reason)s") % values
    return _("%(gaps)s, %(num)d of them %(reason)s") % values


def _state_note(data: SummaryData) -> str:
    """The fallback's `(provisional)` for an open assessment with questions left; for a closed
    one how many were left."""
    if not data.result.provisional:
        return ""
    c = data.completion
    if data.assessment.is_active():
        return _(" (provisional)")
    return _(", closed with %(open)d of %(total)d questions unanswered") % {
        "open": c.unanswered,
        "total": c.total,
    }


def _unanswered_note(data: SummaryData) -> str:
    """The headline's `_(provisional: 3 of 280 questions unanswered)_`, or for a closed
    assessment `_Closed with 3 of 280 questions unanswered._`; `` when all are answered."""
    if not data.result.provisional:
        return ""
    c = data.completion
    values = {"open": c.unanswered, "total": c.total}
    if data.assessment.is_active():
        return _("_(provisional: %(open)d of %(total)d questions unanswered)_") % values
    return _("_Closed with %(open)d of %(total)d questions unanswered._") % values


def _node_text(
    data: SummaryData,
    row: NodeRow,
    *,
    compact: bool = False,
    named: bool = True,
    gaps: Sequence[GapRow] = (),
) -> str:
    item = row.kind is NodeKind.ITEM
    if not row.in_scope:
        name = f"*{esc(row.name)}*{chr(10) if compact else '  '}" if named else ""
        not_in_scope = _("Not in scope")
        return f"{name}_{not_in_scope}_"
    return render(
        "summary_node.j2",
        row=row if item else replace(row, children=()),  # sub-items only
        label=level_label(data.framework, row.level),
        compact=compact,
        named=named,
        goal=data.goal,
        share=percent(row.progress.share),
        shares=[percent(sub.progress.share) for sub in row.children],
        gaps=gap_count(gaps) if gaps else "",
        path=path_line(data.item_path(row)) if item and not compact else "",
    )


def _overall_text(data: SummaryData) -> str:
    previous = data.previous_result
    target = data.assessment.target_level
    return render(
        "summary_overall.j2",
        overall=data.overall,
        overall_label=overall_label(data),
        level_trend=trend(data.overall.level_change, 0),
        unanswered=_unanswered_note(data),
        progress=progress_text(data),
        goal=goal_label(data),
        target=level_label(data.framework, target, long=True) if target else "",
        project=data.assessment.project,
        framework=data.framework.title.get(data.locale),
        previous=data.previous.name if data.previous else "",
        previous_label=(
            level_label(data.framework, previous.overall.level, long=True) if previous else ""
        ),
    )


def _owner_rows(data: SummaryData, names: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """Each owner (a mention unless the channel message mentioned them) with counts by reason."""
    mentioned = mentioned_in_message(data)
    rows = []
    for owner, gaps in list(data.gaps_by_owner().items())[:OWNERS_MAX]:
        who = owner_name(gaps[0], names) if owner in mentioned else mention(owner)
        rows.append((who, reason_counts(gaps)))
    return rows


def reason_counts(gaps: Sequence[GapRow]) -> list[str]:
    """`4 not met, 1 partially met, 2 unanswered`: counts by reason, the worst first."""
    return [
        reason_count(reason, n)
        for reason in REASONS
        if (n := sum(1 for g in gaps if g.reason is reason))
    ]
