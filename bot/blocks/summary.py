"""Maturity summaries in Slack: the short channel message and its per-item thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from scoring import Reason

from ..summary_data import REASON_LABELS, NodeRow, SummaryData, trend
from ..text import clip, esc, render
from .common import MESSAGE_BLOCKS_MAX, Block, context, divider, fields, header, message, section

TOP_GAPS = 5
THREAD_PAGE_BLOCKS = 45  # stay well inside the 50-block limit (Slack rejects some big messages)
OWNERS_MAX = 40
GAP_TEXT_MAX = 140  # characters of requirement text per gap line in the channel message


def summary_message(
    data: SummaryData, *, preview: bool = False, final: bool = False
) -> dict[str, Any]:
    """The short channel message: overall, score, domains, completion, top gaps, comparison."""
    a = data.assessment
    kind = "Final maturity summary" if final and not a.is_active() else "Maturity summary"
    title = f"{'Preview · ' if preview else ''}{kind}: {a.name}"
    blocks: list[Block] = [header(title), section(_overall_text(data))]
    domains = [render("summary_node.j2", row=_leaf(d), gaps=0, compact=True) for d in data.domains]
    blocks += [fields(*domains[i : i + 10]) for i in range(0, len(domains), 10)]  # 10 per block
    blocks.append(context(render("summary_completion.j2", c=data.completion)))
    blocks.append(section(_gaps_text(data)))
    notes = ["Per-item breakdown in the thread."]
    if preview:
        notes.insert(
            0, "Only you can see this preview; `/maturity summary` posts it to the channel."
        )
    if final and a.is_active():
        notes.insert(0, "Every question is answered; answers can change until the lead closes it.")
    blocks.append(context(*notes))
    provisional = " (provisional)" if data.result.provisional else ""
    fallback = (
        f"{esc(title)}: {esc(data.overall.label)}{provisional}, score {data.overall.score:.2f}"
    )
    return message(fallback, blocks)


def thread_messages(data: SummaryData) -> list[dict[str, Any]]:
    """The per-item breakdown and gaps by owner, split into messages of at most 45 blocks."""
    blocks: list[Block] = [section("*Per capability item*")]
    for domain in data.domains:
        blocks.append(divider())
        blocks.append(section(render("summary_node.j2", row=_leaf(domain), gaps=0, compact=False)))
        for item in domain.children:
            gaps = sum(1 for g in data.gaps if g.item_id == item.id)
            blocks.append(section(render("summary_node.j2", row=item, gaps=gaps, compact=False)))
    owners = _owner_counts(data)
    if owners:
        blocks.append(divider())
        blocks.append(
            section(render("summary_owners.j2", goal=data.label(data.goal), owners=owners))
        )
    return paginate(f"{esc(data.assessment.name)}: per-item breakdown", blocks)


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


def _overall_text(data: SummaryData) -> str:
    c = data.completion
    previous = data.previous_result
    target = data.assessment.target_level
    return render(
        "summary_overall.j2",
        overall=data.overall,
        level_trend=trend(data.overall.level_change, 0),
        score_trend=trend(data.overall.score_change),
        provisional=data.result.provisional,
        unanswered=c.unanswered,
        total=c.total,
        max_level=data.framework.max_level,
        target=data.label(target) if target else "",
        project=data.assessment.project,
        framework=data.framework.title.get(data.locale),
        previous=data.previous.name if data.previous else "",
        previous_label=data.label(previous.overall.level) if previous else "",
        previous_score=previous.overall.score if previous else 0.0,
    )


def _gaps_text(data: SummaryData) -> str:
    known = data.known_gaps
    top = known[:TOP_GAPS]
    return render(
        "summary_gaps.j2",
        goal=data.label(data.goal),
        gaps=[replace(g, text=clip(g.text, GAP_TEXT_MAX)) for g in top],
        gap_count=len(data.gaps),
        unanswered_gaps=len(data.gaps) - len(known),
        unanswered=data.completion.unanswered,
        more=len(known) - len(top),
    )


def _leaf(row: NodeRow) -> NodeRow:
    """A row without its children (a domain line lists no items)."""
    return replace(row, children=())


def _owner_counts(data: SummaryData) -> list[tuple[str, list[str]]]:
    rows = []
    for owner, gaps in list(data.gaps_by_owner().items())[:OWNERS_MAX]:
        counts: dict[Reason, int] = {}
        for gap in gaps:
            counts[gap.reason] = counts.get(gap.reason, 0) + 1
        rows.append((owner, [f"{n} {REASON_LABELS[r]}" for r, n in counts.items()]))
    return rows
