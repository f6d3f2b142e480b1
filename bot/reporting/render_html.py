"""Report rendering to Markdown and to one self-contained HTML file (inline CSS, chart data URI).

Each output has its own Jinja2 environment, separate from Slack's: HTML autoescapes every value;
Markdown passes every user or database value through the `md` filter.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from functools import cache
from typing import Any

import jinja2

from bot.blocks.plan import steps_text
from bot.blocks.summary import percent
from bot.i18n import N_, _, install_jinja, speaking, supported
from bot.i18n.terms import kind_label, level_label, level_name
from bot.reporting.charts import chart_caption, summary_chart
from bot.reporting.report import NOT_ASSESSED, Report
from questionnaire.domain import Answer
from questionnaire.readmodels.summary import SummaryData, trend

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
ANSWER_LABELS = {
    Answer.MET.value: N_("Met"),
    Answer.PARTIAL.value: N_("Partially met"),
    Answer.NOT_MET.value: N_("Not met"),
    Answer.NOT_APPLICABLE.value: N_("Not applicable"),
    "": N_("Unanswered"),
    NOT_ASSESSED: N_("Not assessed"),
}
# An assessment's status and a requirement's, as the report words them (the values are kept in
# CSV and JSON; see render_csv).
STATUS_LABELS = {
    "active": N_("open"),
    "completed": N_("closed"),
    "archived": N_("archived"),
    "satisfied": N_("satisfied"),
    "not applicable": N_("not applicable"),
}


def md(value: object) -> str:
    """Escape user text for a Markdown table cell: HTML specials, Markdown marks, line breaks."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def md_url(url: str) -> str:
    """A URL safe inside `(<...>)` in a Markdown table cell."""
    for char, code in (("<", "%3C"), (">", "%3E"), ("|", "%7C"), (" ", "%20"), ("\n", "")):
        url = url.replace(char, code)
    return url


def is_web_url(url: str) -> bool:
    """Only http(s) URLs become links (never `javascript:` and the like)."""
    return url.lower().startswith(("https://", "http://"))


def when(moment: datetime | None) -> str:
    """`2026-03-02 09:00 UTC`, or empty (ISO: the same in every language)."""
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else ""


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["when"] = when
    env.filters["trend"] = trend
    env.filters["answer"] = lambda value: (
        _(ANSWER_LABELS[value]) if value in ANSWER_LABELS else value
    )
    install_jinja(env)
    env.filters["pct"] = percent
    env.filters["num"] = lambda value: f"{value:.2f}"
    env.filters["web_url"] = is_web_url
    return env


@cache
def html_environment() -> jinja2.Environment:
    """HTML templates: autoescape on (everything is HTML-escaped), strict undefined."""
    return _common(
        jinja2.Environment(
            loader=jinja2.PackageLoader("bot.reporting", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


@cache
def markdown_environment() -> jinja2.Environment:
    """Markdown templates: no autoescape; every user or database value through `md`."""
    env = _common(
        jinja2.Environment(
            loader=jinja2.PackageLoader("bot.reporting", "templates"),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )
    env.filters["md"] = md
    env.filters["md_url"] = md_url
    return env


def _values(report: Report) -> dict[str, Any]:
    data = report.summary
    fw = data.framework
    target = data.assessment.target_level
    previous = data.previous_result
    return {
        "report": report,
        "data": data,
        "a": data.assessment,
        "c": data.completion,
        "title": fw.title.get(data.locale),
        "target": level_label(fw, target, long=True) if target else "",
        "goal": level_label(fw, data.goal, long=True),
        "previous_label": level_label(fw, previous.overall.level, long=True) if previous else "",
        "level": lambda number, long=False: level_label(fw, number, long=long),
        "level_name": lambda number: level_name(fw, number),
        "kind_label": kind_label,
        "steps_text": steps_text,
        "status": status_label,
        "html_lang": html_lang(data.locale),
        "plan": report.plan(),
        "next_path": data.next_path(),
        "chart_caption": chart_caption(data),
        "requirements": report.requirements,
        "provenance": provenance_text(data),
        "left_out": [row.name for row in data.domains if not row.in_scope],
    }


def provenance_text(data: SummaryData) -> str:
    """The framework's provenance note in the report's locale (empty when it has none)."""
    provenance = data.framework.provenance
    return provenance.get(data.locale) if provenance else ""


def render_markdown(report: Report, *, chart_href: str | None = None) -> str:
    """The report as Markdown; `chart_href` links the chart image (omitted when None)."""
    with speaking(report.summary.locale):
        template = markdown_environment().get_template("report.md.j2")
        return template.render(**_values(report), chart_href=chart_href).strip() + "\n"


def render_html(report: Report, *, pdf: bool = False) -> str:
    """The report as one self-contained, printable HTML file with the chart inline; for a PDF
    (`pdf`), the improvement plan comes first."""
    chart = base64.b64encode(summary_chart(report.summary)).decode("ascii")
    with speaking(report.summary.locale):
        template = html_environment().get_template("report.html.j2")
        return template.render(
            **_values(report), chart_uri=f"data:image/png;base64,{chart}", plan_first=pdf
        )


def html_lang(locale: str) -> str:
    """The `lang` attribute of a document in `locale`: `zh-CN` for Chinese (fonts pick the
    simplified forms), else the language."""
    return "zh-CN" if supported(locale) == "zh" else supported(locale)


def status_label(value: str) -> str:
    """An assessment's or requirement's status in words: `open`, `satisfied`, `not met`."""
    return _(STATUS_LABELS.get(value, value))  # a requirement's gap reason is a msgid itself
