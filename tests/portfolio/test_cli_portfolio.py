"""`maturity-bot report --portfolio`: every format from a real (SQLite) database, the anonymised
benchmark and its import, and the PDF read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.summary.helpers import PEOPLE, framework, pdf_renderer_missing
from tests.summary.test_cli_report import _app

from .seeding import COMMENT, PLAN, TEAM, seed_projects


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file with the seeding PLAN (two workspaces)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('portfolio') / 'bot.db'}"
    upgrade(url)
    engine = make_engine(url)
    seed_projects(make_uow_factory(engine))
    engine.dispose()
    return url


def _run(database: str, *args: str, team: str | None = TEAM):
    env = {"DATABASE_URL": database, "SLACK_TEAM_ID": team}
    return CliRunner().invoke(_app(), ["report", "--portfolio", *args], env=env)


def test_json_lists_each_project_with_its_overall_and_item_levels(database: str) -> None:
    result = _run(database, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["framework"]["id"] == "caict-mlops-dev-mgmt"
    projects = {p["project"]: p for p in document["projects"]}
    assert set(projects) == {"Churn <b>model</b>", "fraud DETECTION", "Search ranking"}
    fraud = projects["fraud DETECTION"]
    assert (fraud["assessment"], fraud["status"], fraud["provisional"]) == (
        "Fraud 2026",
        "active",
        True,
    )
    assert fraud["overall_level"] == 2 and fraud["target_level"] == 3
    assert fraud["change"]["overall"] == 1
    assert len(fraud["items"]) == 10 and set(fraud["items"].values()) == {2}
    assert "percentiles" not in fraud and document["benchmark"] is None


def test_csv_markdown_and_html_heatmap(database: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(database, "-f", "csv").stdout)))
    assert [r["project"] for r in rows] == [
        "Churn <b>model</b>",
        "fraud DETECTION",
        "Search ranking",
    ]
    assert rows[1]["overall_change"] == "1" and rows[1]["RM.DA"] == "2"
    markdown = _run(database, "-f", "md").stdout
    assert "| Churn &lt;b&gt;model&lt;/b&gt; | Churn spring review |" in markdown
    assert "2▲1" in markdown
    html = _run(database, "-f", "html").stdout
    assert "Churn &lt;b&gt;model&lt;/b&gt;" in html and "<b>model" not in html
    assert html.count('class="heat"') == 3 * 11
    assert "provisional" in html


def test_several_workspaces_need_a_team(database: str) -> None:
    result = _run(database, "-f", "json", team=None)
    assert result.exit_code == 1
    assert "2 workspaces (T0OTHER, T0STANDIN): pass --team" in result.output


def test_the_anonymised_benchmark_holds_no_name_id_or_free_text(
    database: str, tmp_path: Path
) -> None:
    bench = tmp_path / "bench.json"
    result = _run(database, "--anonymised", "-o", str(bench))
    assert result.exit_code == 0, result.output
    text = bench.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["projects"] == 3 and document["overall"] == {"0": 1, "2": 1, "3": 1}
    secrets = {TEAM, "T0OTHER", "U0LEAD", "C0MATURITY", COMMENT, "x.example", "Dana"}
    secrets |= {part for name, project, *_ in PLAN for part in (name, project)}
    secrets |= {"Fraud", "Churn", "Secret", "Search", *PEOPLE}
    for secret in secrets:
        assert secret.casefold() not in text.casefold(), secret
    # Nothing else: framework-defined ids and level counts only (no dates, no free text).
    assert set(document) == {"kind", "format_version", "framework_id", "framework_version"} | {
        "projects",
        "overall",
        "items",
    }
    assert set(document["items"]) == {item.id for _, item in framework().items()}

    compared = json.loads(_run(database, "-f", "json", "--benchmark", str(bench)).stdout)
    churn = compared["projects"][0]
    assert churn["percentiles"]["overall"] == 83 and churn["percentiles"]["RM.DA"] == 83
    assert compared["benchmark"] == {"projects": 3}


def test_a_broken_benchmark_is_refused(database: str, tmp_path: Path) -> None:
    bench = tmp_path / "bench.json"
    bench.write_text('{"kind": "something else"}', encoding="utf-8")
    result = _run(database, "--benchmark", str(bench))
    assert result.exit_code == 1
    assert "is not a benchmark written by `report --portfolio --anonymised`" in result.output


def test_the_portfolio_pdf_opens(database: str, tmp_path: Path) -> None:
    if missing := pdf_renderer_missing():
        pytest.skip(missing)
    from pypdf import PdfReader

    out = tmp_path / "portfolio.pdf"
    result = _run(database, "-f", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Churn<b>model</b>" in text and "Fraud2026" in text and "MD.EV" in text


def test_the_framework_is_chosen_case_insensitively_and_an_unknown_one_named(
    database: str,
) -> None:
    chosen = _run(database, "--framework", "CAICT-MLOPS-DEV-MGMT", "-f", "json")
    assert chosen.exit_code == 0, chosen.output
    assert len(json.loads(chosen.stdout)["projects"]) == 3
    unknown = _run(database, "--framework", "nope")
    assert unknown.exit_code == 1
    assert "no assessment of framework 'nope'; assessed: caict-mlops-dev-mgmt." in unknown.output
