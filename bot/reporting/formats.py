"""The report in each format it is offered in, and its chart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.reporting.report import Report

# The renderers and the chart (matplotlib) are imported when used: the command line lists the
# formats in its help without loading them.
FORMATS = ("md", "html", "csv", "json", "pdf")
BINARY_FORMATS = ("pdf",)


def file_stem(name: str) -> str:
    """A file name's stem from an assessment's or project's name: `fraud-model-2026`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "assessment"


def render_chart(report: Report) -> bytes:
    """The report's radar chart as PNG bytes."""
    from bot.reporting.charts import summary_chart

    return summary_chart(report.summary)


def render_pdf(report: Report) -> bytes:
    """The report as PDF: the HTML report's print layout (PdfUnavailable without WeasyPrint)."""
    from bot.reporting.pdf import html_to_pdf
    from bot.reporting.render_html import render_html

    return html_to_pdf(render_html(report, pdf=True))


def render(report: Report, fmt: str, *, chart_href: str | None = None) -> str:
    """The report in one of the text `FORMATS`; ValueError for any other format."""
    from bot.reporting.render_csv import render_csv
    from bot.reporting.render_html import render_html, render_markdown
    from bot.reporting.render_json import render_json

    if fmt == "md":
        return render_markdown(report, chart_href=chart_href)
    if fmt == "html":
        return render_html(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
