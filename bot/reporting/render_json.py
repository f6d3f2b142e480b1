"""The JSON report: structured, with user text verbatim, and read back."""

from __future__ import annotations

import json
from typing import Any

from bot.reporting.render_html import provenance_text
from bot.reporting.report import Report, RequirementRow
from questionnaire.readmodels.plan import StepRow
from questionnaire.readmodels.summary import GapRow, NodeRow
from scoring import Completion


def render_json(report: Report) -> str:
    """The report as structured JSON: assessment, levels, requirements, gaps and people."""
    data = report.summary
    a = data.assessment
    document = {
        "assessment": {
            "id": a.id,
            "name": a.name,
            "project": a.project,
            "framework": {
                "id": data.framework.id,
                "version": data.framework.version,
                "provenance": provenance_text(data) or None,
            },
            "out_of_scope": list(data.result.out_of_scope),
            "status": a.status.value,
            "lead": a.lead_id,
            "channel": a.channel_id,
            "created_at": a.created_at.isoformat(),
            "closed_at": a.closed_at.isoformat() if a.closed_at else None,
            "target_level": a.target_level,
            "evidence_policy": a.evidence_policy.value,
            "adaptive": a.adaptive,
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
        "plan": {
            "goal_level": data.plan.plan.goal,
            "next_level": data.next_path().level,
            "next_level_steps": len(data.next_path().steps),
            "steps": [_step(s) for s in data.plan.steps],
        },
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
        "level": row.level if row.in_scope else None,
        "label": row.label,
        "in_scope": row.in_scope,
        "score": round(row.score, 4),  # the continuous 0..max score: partial credit, not a level
        "progress": {
            "level": row.progress.level,
            "satisfied": row.progress.satisfied,
            "applicable": row.progress.applicable,
        },
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
        "not_applicable_when": row.not_applicable_when or None,
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
    return {"requirement_id": gap.requirement_id, **_place(gap), "reason": gap.reason.value}


def _step(step: StepRow) -> dict[str, Any]:
    return {
        "number": step.number,
        "requirement": step.requirement_id,
        **_place(step),
        "kind": step.kind.value,
        "reason": step.reason.value,
        "quick_win": step.quick_win,
        "unlocks": [{"kind": u.kind.value, "id": u.id, "level": u.level} for u in step.unlocks],
        "with": list(step.with_steps),
        "text": step.text,
        "guidance": step.guidance,
        "evidence_examples": list(step.examples),
    }


def _place(row: GapRow | StepRow) -> dict[str, Any]:
    """Where a gap or step sits and who owns it."""
    return {
        "level": row.level,
        "role": row.role,
        "owner": row.owner,
        "item": row.item_name,
        "sub_item": row.subitem_name,
    }
