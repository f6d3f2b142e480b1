"""Reports: CSV and JSON round trips, Markdown and HTML content and escaping."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bot.reporting.formats import render
from bot.reporting.render_csv import CSV_COLUMNS, parse_csv, render_csv
from bot.reporting.render_html import render_html, render_markdown
from bot.reporting.render_json import parse_json, render_json
from bot.reporting.report import build_report
from questionnaire.domain import Answer, Evidence, EvidenceKind

from .helpers import HOSTILE, START, all_evidence, framework, mixed, staircase, view

TRICKY = 'Line one, "quoted"\nline two; =SUM(A1) | pipe <b>bold</b> & more'


def _report(**changes: object):
    fw = framework()
    answers = mixed(fw, share=0.85)
    comments = {rid: f"{TRICKY} {rid}" for rid in list(answers)[::7]}
    current = view(fw, answers, evidence_for=all_evidence(fw), comments=comments, **changes)
    for url in ("javascript:alert(1)", "https://wiki.example/a|b c>d"):
        current.evidence.append(
            Evidence(
                1,
                "RM.DA.DC.L1.1",
                EvidenceKind.LINK,
                "U0PO",
                START,
                url=url,
                title="<script>x</script>",
            )
        )
    previous = view(fw, staircase(fw, 1), id=0, name="Last year")
    return current, build_report(
        current,
        previous,
        names={"U0PO": "Ana <Silva>"},
        generated_at=datetime(2026, 3, 9, 9, tzinfo=UTC),
    )


def _expected_answers(current) -> dict[str, str]:
    return {
        loc.requirement.id: (
            current.states[loc.requirement.id].answer.value
            if loc.requirement.id in current.states
            else ""
        )
        for loc in current.framework.requirements()
    }


def test_csv_round_trip_has_every_requirement_once_with_its_answer() -> None:
    current, report = _report()
    rows = parse_csv(render_csv(report))
    total = current.framework.requirement_count()
    assert len(rows) == total
    ids = [r["requirement_id"] for r in rows]
    assert len(set(ids)) == total
    assert {r["requirement_id"]: r["answer"] for r in rows} == _expected_answers(current)
    by_id = {r["requirement_id"]: r for r in rows}
    for rid, state in current.states.items():  # user text comes back verbatim
        assert by_id[rid]["comment"] == (state.comment or "")
    assert by_id["RM.DA.DC.L1.1"]["evidence_count"] == str(
        sum(1 for e in current.evidence if e.requirement_id == "RM.DA.DC.L1.1")
    )
    assert "javascript:alert(1)" in by_id["RM.DA.DC.L1.1"]["evidence_urls"]
    assert tuple(rows[0]) == CSV_COLUMNS


FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _formula_report():
    """Comments and evidence notes that a spreadsheet would run as formulas."""
    fw = framework()
    rids = [loc.requirement.id for loc in fw.requirements()][: len(FORMULAS) + 1]
    comments = dict(zip(rids, [*FORMULAS, "'quoted"], strict=True))
    current = view(fw, {rid: Answer.MET for rid in rids}, comments=comments)
    current.evidence.append(
        Evidence(1, rids[0], EvidenceKind.NOTE, "U0PO", START, note="=cmd|' /C calc'!A0")
    )
    return current, build_report(current)


def test_csv_neutralises_formulas_in_user_text_and_reads_them_back() -> None:
    current, report = _formula_report()
    text = render_csv(report)
    raw = list(csv.reader(io.StringIO(text)))
    column = {name: i for i, name in enumerate(raw[0])}
    cells = [row[column["comment"]] for row in raw[1:] if row[column["comment"]]]
    assert cells == [f"'{formula}" for formula in FORMULAS] + ["''quoted"]
    note = raw[1][column["evidence_notes"]]
    assert note == "'=cmd|' /C calc'!A0"
    for cell in (c for row in raw[1:] for c in row):  # no cell starts a formula
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    by_id = {r["requirement_id"]: r for r in parse_csv(text)}  # and they come back verbatim
    for rid, state in current.states.items():
        assert by_id[rid]["comment"] == state.comment
    assert by_id[next(iter(current.states))]["evidence_notes"] == "=cmd|' /C calc'!A0"


def test_json_keeps_formulas_raw() -> None:
    _, report = _formula_report()
    document = parse_json(render_json(report))
    comments = [r["comment"] for r in document["requirements"] if r["comment"]]
    assert comments == [*FORMULAS, "'quoted"]
    assert document["requirements"][0]["evidence"][0]["note"] == "=cmd|' /C calc'!A0"


def test_json_round_trip_has_every_requirement_once_with_its_answer() -> None:
    current, report = _report(name=HOSTILE)
    document = parse_json(render_json(report))
    answers = {r["id"]: r["answer"] or "" for r in document["requirements"]}
    assert len(document["requirements"]) == current.framework.requirement_count() == len(answers)
    assert answers == _expected_answers(current)
    assert document["assessment"]["name"] == HOSTILE  # no escaping in JSON
    overall = document["levels"]["overall"]
    assert overall["level"] == report.summary.overall.level
    assert overall["label"] == report.summary.overall.label
    assert [d["id"] for d in document["levels"]["domains"]] == ["RM", "DE", "MD"]
    assert sum(len(d["items"]) for d in document["levels"]["domains"]) == 10
    assert len(document["gaps"]) == len(report.summary.gaps)
    assert document["assessment"]["previous"] == {"id": 0, "name": "Last year"}


def test_json_carries_the_plan_in_order_with_what_each_step_unlocks() -> None:
    _, report = _report()
    plan = parse_json(render_json(report))["plan"]
    steps = report.summary.plan.steps
    assert [s["requirement"] for s in plan["steps"]] == [s.requirement_id for s in steps]
    assert len(plan["steps"]) == len(report.summary.gaps)  # every gap is a step
    first = plan["steps"][0]
    assert {"requirement", "owner", "kind", "unlocks", "quick_win", "guidance"} <= set(first)
    units = [s for s in plan["steps"] if s["unlocks"]]
    assert units and all(u["unlocks"][0]["kind"] == "subitem" for u in units)
    assert plan["steps"][-1]["unlocks"][-1] == {
        "kind": "overall",
        "id": report.summary.overall.id,
        "level": plan["goal_level"],
    }  # the last step lifts the whole model to the goal


def test_parsers_reject_other_documents() -> None:
    with pytest.raises(ValueError):
        parse_csv("a,b\n1,2\n")
    with pytest.raises(ValueError):
        parse_json('{"hello": 1}')


def test_html_report_is_self_contained_and_escaped() -> None:
    _, report = _report(name=HOSTILE, project=HOSTILE)
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>")
    assert 'src="data:image/png;base64,iVBOR' in html
    assert "http://" not in html.replace('href="http', "")  # no external resources
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;!channel&gt; &amp; &lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "Ana &lt;Silva&gt;" in html
    assert report.summary.overall.label in html
    assert html.count("<code>RM.DA.DC.L1.1</code>") >= 1
    assert 'id="how-to-read"' in html and "progress inside a level, not a level" in html


def test_markdown_report_lists_levels_plan_and_every_requirement() -> None:
    current, report = _report(name=HOSTILE)
    text = render_markdown(report, chart_href="chart.png")
    assert text.startswith("# Maturity report: &lt;!channel&gt; &amp;")
    assert "![Maturity level per capability item](chart.png)" in text
    assert f"## Overall: {report.summary.overall.label}" in text
    assert "## Improvement plan: toward" in text
    for loc in current.framework.requirements():
        assert f"| `{loc.requirement.id}` |" in text
    table_rows = [ln for ln in text.splitlines() if ln.startswith("| `")]
    assert all(ln.count(" | ") == 7 for ln in table_rows), "a user `|` broke a table row"
    assert "](<javascript:" not in text


def test_render_dispatches_and_rejects_unknown_formats() -> None:
    _, report = _report()
    assert render(report, "csv") == render_csv(report)
    with pytest.raises(ValueError, match="unknown format"):
        render(report, "pdf")


def test_a_just_started_assessment_reports_without_errors() -> None:
    fw = framework()
    report = build_report(view(fw, {}))
    assert "Level 0 · Not yet Basic" in render_html(report)
    assert "## Overall: Level 0 · Not yet Basic" in render_markdown(report)
    document = parse_json(render_json(report))
    assert document["provisional"] and document["levels"]["overall"]["level"] == 0
    rows = parse_csv(render_csv(report))
    assert len(rows) == fw.requirement_count() and {r["answer"] for r in rows} == {""}
    assert {r["status"] for r in rows} == {"unanswered"}
    assert Answer.MET.value not in {r["answer"] for r in rows}
