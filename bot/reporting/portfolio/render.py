"""The portfolio report as JSON, CSV, Markdown or HTML (PDF: `bot.reporting.pdf` over HTML)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bot.i18n import speaking
from bot.reporting.portfolio.document import PortfolioReport, heat
from bot.reporting.render_csv import csv_cell
from bot.reporting.render_html import html_environment, html_lang, markdown_environment
from questionnaire.readmodels.portfolio import ProjectRow
from questionnaire.readmodels.summary import trend

PORTFOLIO_COLUMNS = (
    "project",
    "assessment",
    "status",
    "date",
    "overall_level",
    "overall_change",
    "target_level",
)


def render_portfolio(report: PortfolioReport, fmt: str) -> str:
    """The portfolio in `fmt` (md, html, csv or json); ValueError for any other format."""
    if fmt == "json":
        return render_portfolio_json(report)
    if fmt == "csv":
        return render_portfolio_csv(report)
    if fmt in ("md", "html"):
        env = html_environment() if fmt == "html" else markdown_environment()
        with speaking(report.portfolio.locale):
            template = env.get_template(f"portfolio.{fmt}.j2")
            return template.render(_values(report)).strip() + "\n"
    raise ValueError(f"unknown portfolio format {fmt!r}")


def render_portfolio_json(report: PortfolioReport) -> str:
    """`{framework, generated_at, items, projects: [...], benchmark}`; see docs/summaries.md."""
    p = report.portfolio
    document = {
        "framework": {"id": p.framework.id, "version": p.framework.version, "title": p.title},
        "generated_at": report.generated_at.isoformat() if report.generated_at else None,
        "items": [{"id": c.id, "name": c.name} for c in p.columns],
        "projects": [_project(report, row) for row in p.projects],
        "benchmark": {"projects": report.benchmark.projects} if report.benchmark else None,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _project(report: PortfolioReport, row: ProjectRow) -> dict[str, Any]:
    found: dict[str, Any] = {
        "project": row.project,
        "assessment": row.assessment,
        "assessment_id": row.assessment_id,
        "status": row.status.value,
        "provisional": row.provisional,
        "date": row.date.isoformat(),
        "overall_level": row.overall_level,
        "target_level": row.target_level,
        "change": {"overall": row.overall_change, "items": row.item_changes},
        "items": row.items,
        "not_in_scope": sorted(row.not_in_scope),
    }
    if report.benchmark:
        found["percentiles"] = report.percentiles(row)
    return found


def render_portfolio_csv(report: PortfolioReport) -> str:
    """One row per project: names, status, date, overall level and change, target, a level
    column per item (and a percentile column per item with a benchmark)."""
    p = report.portfolio
    items = [c.id for c in p.columns]
    ranked = [report.overall_key, *items] if report.benchmark else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*PORTFOLIO_COLUMNS, *items, *(f"{key} percentile" for key in ranked)])
    for row in p.projects:
        share = report.percentiles(row)
        writer.writerow(
            csv_cell(cell)
            for cell in [
                row.project,
                row.assessment,
                row.status.value,
                row.date.date().isoformat(),
                row.overall_level,
                "" if row.overall_change is None else row.overall_change,
                row.target_level or "",
                *(_cell(row, i) for i in items),
                *("" if share.get(k) is None else share[k] for k in ranked),
            ]
        )
    return out.getvalue()


def _cell(row: ProjectRow, item_id: str) -> int | str:
    """An item's level, `not in scope`, or empty when the assessment has no such item."""
    if item_id in row.not_in_scope:
        return "not in scope"
    return row.items.get(item_id, "")


def _values(report: PortfolioReport) -> dict[str, Any]:
    return {
        "report": report,
        "p": report.portfolio,
        "heat": heat,
        "level_trend": lambda change: trend(change, 0),
        "html_lang": html_lang(report.portfolio.locale),
    }
