"""What readers see of a module left out of scope (never a level), of not-applicable guidance and
of the framework's provenance: in the summary, the chart, every report format and the footers."""

from __future__ import annotations

import json
from functools import cache

from bot.blocks.summary import summary_message, thread_messages
from bot.reporting.charts import chart_caption, drawn_items
from bot.reporting.render_csv import parse_csv, render_csv
from bot.reporting.render_html import render_html, render_markdown
from bot.reporting.render_json import render_json
from bot.reporting.report import Report, build_report
from questionnaire.domain import Answer
from questionnaire.framework import Framework
from questionnaire.loader.load import load_framework
from tests.framework.helpers import SCOPED

from .helpers import view

ANSWERS = {"DATA.1.1.a": Answer.MET, "DATA.1.1.b": Answer.NOT_APPLICABLE}


@cache
def _framework() -> Framework:
    return load_framework(SCOPED)


def _report(out_of_scope: tuple[str, ...] = ("MODEL",)) -> Report:
    fw = _framework()
    return build_report(view(fw, ANSWERS, out_of_scope=out_of_scope, target_level=None))


def test_the_summary_rows_say_not_in_scope_and_the_overall_rolls_up_the_rest() -> None:
    data = _report().summary
    [data_row, model_row] = data.domains
    assert (data_row.in_scope, model_row.in_scope) == (True, False)
    assert model_row.label == model_row.short_label == "Not in scope"
    assert [item.label for item in model_row.children] == ["Not in scope"]
    # DATA: L1 met but its evidence is missing (strict), so L0; MODEL would be L0 too if counted
    assert data.completion.total == 3
    every = _report(out_of_scope=()).summary
    assert every.completion.total == 5


def test_slack_summary_and_thread_show_not_in_scope_never_a_level() -> None:
    data = _report().summary
    message = json.dumps(summary_message(data)["blocks"], ensure_ascii=False)
    assert "*Models*\\n_Not in scope_" in message
    thread = json.dumps([m["blocks"] for m in thread_messages(data)], ensure_ascii=False)
    assert "Not in scope: neither asked nor counted in the levels." in thread
    assert "Training" not in thread  # the module's items are not broken down


def test_the_chart_draws_the_modules_in_scope_and_says_which_are_left_out() -> None:
    data = _report().summary
    assert [item.id for item in drawn_items(data)] == ["DATA.1"]
    assert "not in scope, so not drawn: Models" in chart_caption(data)


def test_every_report_format_marks_the_module_not_in_scope() -> None:
    report = _report()
    rows = {row["requirement_id"]: row for row in parse_csv(render_csv(report))}
    assert rows["MODEL.1.1.a"]["status"] == "not in scope"
    assert rows["MODEL.1.1.a"]["answer"] == ""
    assert rows["DATA.1.1.a"]["status"] != "not in scope"
    document = json.loads(render_json(report))
    assert document["assessment"]["out_of_scope"] == ["MODEL"]
    model = document["levels"]["domains"][1]
    assert (model["in_scope"], model["level"], model["label"]) == (False, None, "Not in scope")
    assert document["levels"]["domains"][0]["in_scope"] is True
    html = render_html(report)
    assert '<td class="out-of-scope">Not in scope</td>' in html
    assert "<dt>Not in scope</dt><dd>Models</dd>" in html
    markdown = render_markdown(report)
    assert "| Models | Not in scope | — | — |" in markdown
    assert "- **Not in scope:** Models" in markdown


def test_not_applicable_guidance_is_in_the_requirement_detail() -> None:
    report = _report()
    by_id = {row.requirement_id: row for row in report.requirements}
    assert by_id["DATA.1.1.b"].not_applicable_when == "Data arrives only by hand."
    assert by_id["DATA.1.1.a"].not_applicable_when == "The product takes no data in."  # sub-item
    assert by_id["MODEL.1.1.a"].not_applicable_when == ""
    assert "Not applicable when: Data arrives only by hand." in render_html(report)
    assert "_(Not applicable when: Data arrives only by hand.)_" in render_markdown(report)
    document = json.loads(render_json(report))
    found = {r["id"]: r["not_applicable_when"] for r in document["requirements"]}
    assert found["DATA.1.1.b"] == "Data arrives only by hand."
    assert found["MODEL.1.1.a"] is None


def test_the_provenance_is_in_every_footer_and_the_json() -> None:
    report = _report()
    note = "Written for the test suite. Nothing here is a standard."
    assert f'<p class="provenance">About the framework: {note}</p>' in render_html(report)
    assert render_markdown(report).rstrip().endswith(f"_About the framework: {note}_")
    assert json.loads(render_json(report))["assessment"]["framework"]["provenance"] == note
