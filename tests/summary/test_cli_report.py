"""`maturity-bot report`: every format from a real (SQLite) database, and clear errors."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli.report import report
from bot.reporting.render_csv import parse_csv
from questionnaire.domain import AssessmentStatus
from questionnaire.framework import Framework
from questionnaire.registry import FrameworkRegistry
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

from .helpers import START, assessment, framework, mixed, pdf_renderer_missing

TEAM = "T0STANDIN"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("report")(report)

    @app.callback()
    def main() -> None:
        """Keep `report` a sub-command, as in bot/cli/main.py."""

    return app


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A migrated SQLite file with one assessment (id 1, "Fraud model 2026"), 80% answered."""
    return _database(tmp_path, framework())


@pytest.fixture
def small_database(tmp_path: Path) -> str:
    """The same with the small quick check: a PDF of it renders in a second, not eight."""
    return _database(tmp_path, FrameworkRegistry().get("mlops-quickcheck"))


def _database(tmp_path: Path, fw: Framework) -> str:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_uow_factory(engine)() as uow:
        uow.frameworks.save(fw)
        added = uow.assessments.add(replace(assessment(fw), id=None))
        assert added.id is not None
        for i, (rid, answer) in enumerate(mixed(fw).items()):
            uow.answers.record(TEAM, added.id, rid, answer, "U0PO", START + timedelta(minutes=i))
        uow.people.remember(TEAM, {"U0PO": "Priya <PO>"}, START)  # as the bot saw her in Slack
        uow.commit()
    engine.dispose()
    return url


def _run(database: str, *args: str, team: str | None = TEAM):
    env = {"DATABASE_URL": database}
    if team:
        env["SLACK_TEAM_ID"] = team
    return CliRunner().invoke(_app(), ["report", *args], env=env)


def test_csv_to_stdout_by_name(database: str) -> None:
    result = _run(database, "fraud MODEL 2026", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = parse_csv(result.stdout)
    assert len(rows) == framework().requirement_count()
    assert {r["requirement_id"]: r["answer"] for r in rows if r["answer"]} == {
        rid: a.value for rid, a in mixed(framework()).items()
    }
    assert {r["answered_by"] for r in rows if r["answer"]} == {"Priya <PO>"}  # names, not ids


def test_json_html_and_markdown_with_chart_to_files(database: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert _run(database, "1", "-f", "json", "-o", str(out / "r.json")).exit_code == 0
    document = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert document["assessment"]["name"] == "Fraud model 2026"
    assert _run(database, "1", "-f", "html", "-o", str(out / "r.html")).exit_code == 0
    html = (out / "r.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "Priya &lt;PO&gt;" in html
    assert document["people"] == {"U0PO": "Priya <PO>"}
    assert _run(database, "1", "-o", str(out / "r.md")).exit_code == 0
    markdown = (out / "r.md").read_text(encoding="utf-8")
    assert "![Maturity level per capability item](r.png)" in markdown
    assert (out / "r.png").read_bytes().startswith(b"\x89PNG")


def test_the_only_workspace_is_used_without_team(database: str) -> None:
    result = _run(database, "1", "-f", "csv", team=None)
    assert result.exit_code == 0, result.output


def _add(url: str, team: str, name: str, *, closed: bool = False) -> int:
    engine = make_engine(url)
    fw = framework()
    with make_uow_factory(engine)() as uow:
        added = uow.assessments.add(replace(assessment(fw), id=None, team_id=team, name=name))
        assert added.id is not None
        if closed:
            at = START + timedelta(days=30)
            done = replace(added, status=AssessmentStatus.COMPLETED, closed_at=at)
            uow.assessments.update(done, "U0LEAD", at)
        uow.commit()
    engine.dispose()
    return added.id


def test_a_closed_assessment_reports_without_team(database: str) -> None:
    closed = _add(database, TEAM, "Last year", closed=True)
    result = _run(database, "last year", "-f", "json", team=None)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["assessment"]["id"] == closed
    assert document["assessment"]["status"] == "completed"


def test_a_name_in_several_workspaces_lists_them_and_team_or_id_chooses(database: str) -> None:
    other = _add(database, "T0OTHER", "Fraud model 2026", closed=True)
    ambiguous = _run(database, "Fraud model 2026", "-f", "csv", team=None)
    assert ambiguous.exit_code == 1
    assert "matches assessments in 2 workspaces; pass --team" in ambiguous.output
    assert f"T0OTHER #{other} 'Fraud model 2026' (completed 2026-04-01)" in ambiguous.output
    assert "T0STANDIN #1 'Fraud model 2026' (active, started 2026-03-02)" in ambiguous.output
    chosen = _run(database, "Fraud model 2026", "-f", "json", team="T0OTHER")
    assert chosen.exit_code == 0, chosen.output
    assert json.loads(chosen.stdout)["assessment"]["id"] == other
    by_id = _run(database, str(other), "-f", "json", team=None)
    assert by_id.exit_code == 0, by_id.output
    assert json.loads(by_id.stdout)["assessment"]["id"] == other


def test_unknown_assessment_and_bad_format_exit_1(database: str) -> None:
    missing = _run(database, "No such thing")
    assert missing.exit_code == 1
    assert "no assessment 'No such thing' in workspace T0STANDIN" in missing.output
    assert "T0STANDIN #1 'Fraud model 2026' (active" in missing.output  # what there is
    bad = _run(database, "1", "--format", "docx")
    assert bad.exit_code == 1
    assert "unknown format 'docx'" in bad.output
    other_team = _run(database, "1", team="T0OTHER")
    assert other_team.exit_code == 1


def test_the_pdf_opens_with_the_plan_before_the_requirements(
    small_database: str, tmp_path: Path
) -> None:
    if missing := pdf_renderer_missing():
        pytest.skip(missing)
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    result = _run(small_database, "1", "-f", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert "Fraud model 2026" in pages[0]
    assert "Improvement plan" in pages[0]  # the plan first
    text = "\n".join(pages)
    assert "QC.RM.REQ.L1.1" in text.replace(" ", "")
    assert text.index("Improvement plan") < text.index("Requirements")


def test_a_missing_database_points_at_the_demos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    env = {"DATABASE_URL": None, "SLACK_TEAM_ID": None}
    alone = runner.invoke(_app(), ["report", "x"], env=env)
    assert alone.exit_code == 1
    assert "No database at sqlite:///maturity-bot.sqlite3: set DATABASE_URL" in alone.output
    assert not (tmp_path / "maturity-bot.sqlite3").exists()  # not created by looking
    (tmp_path / "demo-output").mkdir()
    upgrade(f"sqlite:///{tmp_path / 'demo-output' / 'demo.sqlite3'}")
    hinted = runner.invoke(_app(), ["report", "x"], env=env)
    assert hinted.exit_code == 1
    assert (
        "No database at sqlite:///maturity-bot.sqlite3; the demo's is demo-output/demo.sqlite3: "
        "DATABASE_URL=sqlite:///demo-output/demo.sqlite3 maturity-bot report"
    ) in " ".join(hinted.output.split())


def test_an_unmigrated_database_is_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    result = _run(f"sqlite:///{empty}", "x")
    assert result.exit_code == 1
    assert "has no tables (never migrated): run `maturity-bot db upgrade`" in " ".join(
        result.output.split()
    )


def test_an_unreachable_database_is_named() -> None:
    result = _run("postgresql://maturity:s3cret@127.0.0.1:9/maturity", "x")
    assert result.exit_code == 1
    assert "cannot reach the database postgresql://127.0.0.1:9/maturity" in result.output
    assert "s3cret" not in result.output


def test_locale_chooses_the_reports_language_and_refuses_one_without_a_catalog(
    small_database: str,
) -> None:
    zh = _run(small_database, "1", "--locale", "zh-CN")
    assert zh.exit_code == 0, zh.output
    assert zh.stdout.startswith("# 成熟度报告：") and "## 改进计划" in zh.stdout
    en = _run(small_database, "1")  # DEFAULT_LOCALE: en
    assert en.stdout.startswith("# Maturity report:") and "改进计划" not in en.stdout
    portfolio = _run(small_database, "--portfolio", "--locale", "zh")
    assert portfolio.exit_code == 0, portfolio.output
    assert (
        portfolio.stdout.startswith("# 成熟度项目总览：") and "| 项目 | 评估 |" in portfolio.stdout
    )
    unknown = _run(small_database, "1", "--locale", "xx")
    assert unknown.exit_code == 1 and "no catalog for 'xx'" in unknown.output


def test_the_chinese_pdf_reads_in_chinese(small_database: str, tmp_path: Path) -> None:
    if missing := pdf_renderer_missing():
        pytest.skip(missing)
    from bot.reporting.chart_fonts import chart_fonts

    if not chart_fonts().has_cjk:
        pytest.skip("no CJK font installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    result = _run(small_database, "1", "-f", "pdf", "-o", str(out), "--locale", "zh")
    assert result.exit_code == 0, result.output
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages).replace(" ", "")
    assert "成熟度报告" in text and "改进计划" in text and "要求" in text
