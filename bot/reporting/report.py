"""Assessment reports: the data (levels, every requirement, the improvement plan) and JSON.

Markdown and HTML are rendered by `bot.reporting.render_html` (re-exported here), CSV by `bot.reporting.render_csv`.
JSON carries user text verbatim.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.reporting.charts import summary_chart
from bot.reporting.render_csv import render_csv
from bot.reporting.render_html import render_html as render_html
from bot.reporting.render_html import render_markdown as render_markdown
from questionnaire.domain import Evidence
from questionnaire.readmodels.summary import REASON_LABELS, GapRow, NodeRow, SummaryData, gather
from questionnaire.usecases.context import AssessmentView
from scoring import Completion

FORMATS = ("md", "html", "csv", "json")


@dataclass(frozen=True, slots=True)
class RequirementRow:
    """One requirement as the report shows it: where, what, who, the answer and its evidence."""

    domain: str
    item: str
    sub_item: str
    requirement_id: str
    text: str
    level: int
    role: str  # role name
    owner: str  # Slack user id
    answer: str  # an Answer value, or "" while unanswered
    to_confirm: bool  # carried over from the previous assessment and not yet confirmed
    answered_by: str
    answered_at: datetime | None
    evidence: tuple[Evidence, ...]
    comment: str
    status: str  # `satisfied`, `not applicable` or why it is not (`not met`, ...)

    @property
    def evidence_urls(self) -> list[str]:
        """The URLs of this requirement's evidence (notes and messages have none)."""
        return [e.url for e in self.evidence if e.url]

    @property
    def evidence_notes(self) -> list[str]:
        """The notes (else titles) people wrote with this requirement's evidence."""
        return [text for e in self.evidence if (text := e.note or e.title)]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows; `names` maps Slack user ids to display names when known."""

    summary: SummaryData
    requirements: tuple[RequirementRow, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    generated_at: datetime | None = None

    def person(self, user_id: str | None) -> str:
        """A display name, else the user id (empty for nobody)."""
        return self.names.get(user_id, user_id) if user_id else ""

    def plan(self) -> list[tuple[str, list[tuple[int, list[GapRow]]]]]:
        """The gaps as an improvement plan: by role (most urgent first), then by level."""
        by_role: dict[str, dict[int, list[GapRow]]] = {}
        for gap in self.summary.gaps:
            by_level = by_role.setdefault(gap.role_name or "Unassigned role", {})
            by_level.setdefault(gap.level, []).append(gap)
        return [
            (role, [(level, gaps) for level, gaps in sorted(levels.items())])
            for role, levels in by_role.items()
        ]


def build_report(
    view: AssessmentView,
    previous_view: AssessmentView | None = None,
    *,
    names: Mapping[str, str] | None = None,
    generated_at: datetime | None = None,
    locale: str = "en",
) -> Report:
    """The report of one assessment (compared with its previous one when given)."""
    summary = gather(view, previous_view, locale)
    evidence: dict[str, list[Evidence]] = {}
    for item in view.evidence:
        evidence.setdefault(item.requirement_id, []).append(item)
    routing = view.routing
    rows = []
    for located in view.framework.requirements():
        rid = located.requirement.id
        state = view.states.get(rid)
        status = summary.result.requirement_status(rid)
        answered = state is not None and state.answer is not None
        rows.append(
            RequirementRow(
                domain=located.domain.name.get(locale),
                item=located.item.name.get(locale),
                sub_item=located.subitem.name.get(locale),
                requirement_id=rid,
                text=located.requirement.text.get(locale),
                level=located.requirement.level,
                role=view.framework.role(located.role).name.get(locale) if located.role else "",
                owner=routing.owner(rid),
                answer=state.answer.value if state and state.answer else "",
                to_confirm=bool(state and state.to_confirm),
                answered_by=(state.answered_by or "") if answered and state else "",
                answered_at=state.answered_at if answered and state else None,
                evidence=tuple(evidence.get(rid, ())),
                comment=(state.comment or "") if state else "",
                status=_status(status.satisfied, status.applicable, status.reason),
            )
        )
    return Report(summary, tuple(rows), dict(names or {}), generated_at)


def _status(satisfied: bool, applicable: bool, reason: Any) -> str:
    if not applicable:
        return "not applicable"
    return "satisfied" if satisfied else REASON_LABELS[reason]


# --- JSON -----------------------------------------------------------------------------------


def render_json(report: Report) -> str:
    """The report as structured JSON: assessment, levels, requirements, gaps and people."""
    data = report.summary
    a = data.assessment
    document = {
        "assessment": {
            "id": a.id,
            "name": a.name,
            "project": a.project,
            "framework": {"id": data.framework.id, "version": data.framework.version},
            "status": a.status.value,
            "lead": a.lead_id,
            "channel": a.channel_id,
            "created_at": a.created_at.isoformat(),
            "closed_at": a.closed_at.isoformat() if a.closed_at else None,
            "target_level": a.target_level,
            "evidence_policy": a.evidence_policy.value,
            "previous": {"id": data.previous.id, "name": data.previous.name}
            if data.previous
            else None,
        },
        "generated_at": report.generated_at.isoformat() if report.generated_at else None,
        "provisional": data.result.provisional,
        "goal_level": data.goal,
        "levels": {
            "overall": _node(data.overall),
            "domains": [_node(d) for d in data.domains],
        },
        "requirements": [_requirement(r) for r in report.requirements],
        "gaps": [_gap(g) for g in data.gaps],
        "people": dict(report.names),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_json(text: str) -> dict[str, Any]:
    """A JSON report back as a dict; ValueError when it lacks the report's sections."""
    document = json.loads(text)
    if not isinstance(document, dict) or not {"assessment", "levels", "requirements"} <= set(
        document
    ):
        raise ValueError("not a Maturity Bot JSON report")
    return document


def _completion(c: Completion) -> dict[str, int]:
    return c.model_dump()


def _node(row: NodeRow) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "level": row.level,
        "label": row.label,
        "score": round(row.score, 4),
        "level_change": row.level_change,
        "score_change": None if row.score_change is None else round(row.score_change, 4),
        "completion": _completion(row.completion),
    }
    if row.children:
        key = "items" if row.kind == "domain" else "subitems"
        node[key] = [_node(child) for child in row.children]
    return node


def _requirement(row: RequirementRow) -> dict[str, Any]:
    return {
        "id": row.requirement_id,
        "domain": row.domain,
        "item": row.item,
        "sub_item": row.sub_item,
        "text": row.text,
        "level": row.level,
        "role": row.role,
        "owner": row.owner,
        "answer": row.answer or None,
        "to_confirm": row.to_confirm,
        "answered_by": row.answered_by or None,
        "answered_at": row.answered_at.isoformat() if row.answered_at else None,
        "comment": row.comment or None,
        "status": row.status,
        "evidence": [
            {
                "kind": e.kind.value,
                "url": e.url,
                "title": e.title,
                "note": e.note,
                "review": e.review.value,
                "added_by": e.added_by,
                "added_at": e.added_at.isoformat(),
            }
            for e in row.evidence
        ],
    }


def _gap(gap: GapRow) -> dict[str, Any]:
    return {
        "requirement_id": gap.requirement_id,
        "level": gap.level,
        "role": gap.role,
        "owner": gap.owner,
        "reason": gap.reason.value,
        "item": gap.item_name,
        "sub_item": gap.subitem_name,
    }


def render_chart(report: Report) -> bytes:
    """The report's radar chart as PNG bytes."""
    return summary_chart(report.summary)


def render(report: Report, fmt: str, *, chart_href: str | None = None) -> str:
    """The report in one of `FORMATS`; ValueError for any other format."""
    if fmt == "md":
        return render_markdown(report, chart_href=chart_href)
    if fmt == "html":
        return render_html(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
