"""Maturity summaries in Slack: the short channel message and its per-item thread.

Each gap owner is @-mentioned at most once per summary: in the channel message when they own one
of its top gaps (their name after that), else in the thread's "by owner" list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.blocks.common import MESSAGE_BLOCKS_MAX, Block, context, fields, header, message, section
from bot.blocks.prose import render
from bot.slack.mrkdwn import clip, day, esc, mention, plural
from questionnaire.readmodels.summary import (
    REASON_LABELS,
    GapRow,
    NodeRow,
    SummaryData,
    reason_counts,
    trend,
)
from scoring import NodeKind, Reason

TOP_GAPS = 5
THREAD_PAGE_BLOCKS = 45  # stay well inside the 50-block limit (Slack rejects some big messages)
OWNERS_MAX = 40
GAP_TEXT_MAX = 140  # characters of requirement text per gap line in the channel message


def summary_message(
    data: SummaryData,
    *,
    preview: bool = False,
    final: bool = False,
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The short channel message: overall, score, domains, completion, top gaps, comparison.
    `names` (user id → display name) names owners already mentioned once."""
    a = data.assessment
    kind = "Final maturity summary" if final else "Maturity summary"
    title = f"{'Preview · ' if preview else ''}{kind}: {a.name}"
    blocks: list[Block] = [header(title), section(_overall_text(data))]
    domains = [_node_text(d, compact=True) for d in data.domains]
    blocks += [fields(*domains[i : i + 10]) for i in range(0, len(domains), 10)]  # 10 per block
    c = data.completion
    blocks.append(context(render("summary_completion.j2", c=c, share=percent(c.answered_share))))
    blocks.append(section(_gaps_text(data, names or {})))
    notes = ["Per-item breakdown in the thread."]
    if preview:
        notes.insert(
            0, "Only you can see this preview; `/maturity summary` posts it to the channel."
        )
    blocks.append(context(*notes))
    fallback = f"{esc(title)}: {esc(data.overall.label)}{_state_note(data)}, score {data.overall.score:.2f}"
    return message(fallback, blocks)


def thread_messages(
    data: SummaryData, names: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """The per-item breakdown (a header per domain) and gaps by owner, split into messages of at
    most 45 blocks."""
    blocks: list[Block] = [
        section("*Per capability item*"),
        context(f"L = level reached · 3.00 = score (0–{data.framework.max_level})"),
    ]
    for domain in data.domains:
        blocks.append(header(domain.name))
        blocks.append(context(f"Whole domain: {_node_text(domain, named=False)}"))
        for item in domain.children:
            blocks.append(section(_node_text(item, gaps=data.item_gaps(item.id))))
    owners = _owner_rows(data, names or {})
    if owners:
        blocks.append(
            section(render("summary_owners.j2", goal=data.label(data.goal), owners=owners))
        )
    return paginate(f"{esc(data.assessment.name)}: per-item breakdown", blocks)


def completion_note(data: SummaryData) -> dict[str, Any]:
    """The line under the summary posted when every question is answered: the lead can close it
    now; the summary above stands as the final one unless answers change before the close."""
    a, c = data.assessment, data.completion
    missing = c.evidence_required - c.evidence_provided
    evidence = (
        f" Evidence for {plural(missing, 'requirement')} is still missing." if missing else ""
    )
    skipped = f" ({c.not_assessed} more not assessed)" if c.not_assessed else ""
    asked = c.total - c.not_assessed
    text = (
        f":white_check_mark: All {asked} questions of *{esc(a.name)}* are answered{skipped}."
        f"{evidence} "
        f"{mention(a.lead_id)} can close it with `/maturity close {esc(a.name)}`; until then "
        "answers can still change (the close posts a new summary if they do)."
    )
    return message(f"All {asked} questions of {esc(a.name)} are answered", [section(text)])


def closed_note(data: SummaryData, summarised_at: datetime) -> dict[str, Any]:
    """Posted at the close when nothing changed since the summary of the last answer."""
    a = data.assessment
    text = (
        f":lock: *{esc(a.name)}* is closed. Its final result is the summary posted when the last "
        f"question was answered ({day(summarised_at.date())}): *{esc(data.overall.label)}*, "
        f"score {data.overall.score:.2f}."
    )
    return message(f"{a.name} is closed: {data.overall.label}", [section(text)])


def named_owners(data: SummaryData) -> set[str]:
    """Owners the summary shows by name somewhere (so their names are worth looking up): those
    of the channel message's top gaps, mentioned once there."""
    return {g.owner for g in data.known_gaps[:TOP_GAPS]}


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
        return "<1%"
    if 0.99 < share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


def gap_count(gaps: Sequence[GapRow]) -> str:
    """`17 gaps, 16 of them unanswered`, `3 gaps, all unanswered`, `2 gaps`, `9 gaps, 2
    unanswered and 4 not assessed`: one wording for the message and its thread, so their counts
    can be compared."""
    total = len(gaps)
    text = plural(total, "gap")
    counts = [
        (n, REASON_LABELS[reason])
        for reason in (Reason.UNANSWERED, Reason.NOT_ASSESSED)
        if (n := sum(1 for g in gaps if g.reason is reason))
    ]
    if not counts:
        return text
    if len(counts) > 1:
        return f"{text}, " + " and ".join(f"{n} {label}" for n, label in counts)
    n, label = counts[0]
    if n == total:
        return f"{text}, {label if total == 1 else 'all ' + label}"
    return f"{text}, {n} of them {label}"


def _state_note(data: SummaryData) -> str:
    """The fallback's `(provisional)` for an open assessment with questions left; for a closed
    one how many were left."""
    if not data.result.provisional:
        return ""
    c = data.completion
    if data.assessment.is_active():
        return " (provisional)"
    return f", closed with {c.unanswered} of {c.total} questions unanswered"


def _unanswered_note(data: SummaryData) -> str:
    """The headline's `_(provisional: 3 of 239 questions unanswered)_`, or for a closed
    assessment `_Closed with 3 of 239 questions unanswered._`; `` when all are answered."""
    if not data.result.provisional:
        return ""
    c = data.completion
    counted = f"{c.unanswered} of {c.total} questions unanswered"
    return (
        f"_(provisional: {counted})_"
        if data.assessment.is_active()
        else f"_Closed with {counted}._"
    )


def _node_text(
    row: NodeRow, *, compact: bool = False, named: bool = True, gaps: Sequence[GapRow] = ()
) -> str:
    return render(
        "summary_node.j2",
        row=row if row.kind is NodeKind.ITEM else replace(row, children=()),  # sub-items only
        compact=compact,
        named=named,
        gaps=gap_count(gaps) if gaps else "",
    )


def _overall_text(data: SummaryData) -> str:
    previous = data.previous_result
    target = data.assessment.target_level
    return render(
        "summary_overall.j2",
        overall=data.overall,
        level_trend=trend(data.overall.level_change, 0),
        score_trend=trend(data.overall.score_change),
        unanswered=_unanswered_note(data),
        max_level=data.framework.max_level,
        target=data.label(target) if target else "",
        project=data.assessment.project,
        framework=data.framework.title.get(data.locale),
        previous=data.previous.name if data.previous else "",
        previous_label=data.label(previous.overall.level) if previous else "",
        previous_score=previous.overall.score if previous else 0.0,
    )


def _gaps_text(data: SummaryData, names: Mapping[str, str]) -> str:
    known = data.known_gaps
    top = known[:TOP_GAPS]
    mentioned: set[str] = set()
    lines = []
    for gap in top:  # mention each owner once, then name them
        who = _name(gap, names) if gap.owner in mentioned else mention(gap.owner)
        mentioned.add(gap.owner)
        lines.append((replace(gap, text=clip(gap.text, GAP_TEXT_MAX)), who))
    return render(
        "summary_gaps.j2",
        goal=data.label(data.goal),
        counted=gap_count(data.gaps),
        any_gaps=bool(data.gaps),
        gaps=lines,
        rest=_rest(len(known) - len(top), data.gaps, bool(top)),
    )


def _rest(more: int, gaps: Sequence[GapRow], listed: bool) -> str:
    """What the top gaps leave out, and where to find it."""
    if not listed:
        return (
            "None of them comes from an answer yet: all are open questions, by owner in the thread."
        )
    unanswered = sum(1 for g in gaps if g.reason is Reason.UNANSWERED)
    skipped = sum(1 for g in gaps if g.reason is Reason.NOT_ASSESSED)
    parts = (
        ([f"{more} more"] if more else [])
        + ([plural(unanswered, "unanswered question")] if unanswered else [])
        + ([plural(skipped, "question") + " not assessed"] if skipped else [])
    )
    if not parts:
        return ""
    return f"…and {', plus '.join(parts)}: the thread lists them by owner, `/maturity report` one by one."


def _name(gap: GapRow, names: Mapping[str, str]) -> str:
    """An owner's display name (escaped), else their role's name: a mention is used once only."""
    return esc(names.get(gap.owner) or gap.role_name or "their owner")


def _owner_rows(data: SummaryData, names: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """Each owner (a mention unless the channel message mentioned them) with counts by reason."""
    mentioned = named_owners(data)
    rows = []
    for owner, gaps in list(data.gaps_by_owner().items())[:OWNERS_MAX]:
        who = _name(gaps[0], names) if owner in mentioned else mention(owner)
        rows.append((who, reason_counts(gaps)))
    return rows
