"""The `maturity-bot framework` commands, run through Typer's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli.main import app

from .helpers import DATA, INVALID, TINY

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No stray .env or FRAMEWORKS_DIR from the developer's machine."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRAMEWORKS_DIR", raising=False)
    monkeypatch.delenv("DEFAULT_LOCALE", raising=False)


def _run(*args: str, frameworks_dir: Path | None = DATA, **env: str) -> Result:
    if frameworks_dir is not None:
        env["FRAMEWORKS_DIR"] = str(frameworks_dir)
    return runner.invoke(app, list(args), env=env)


def test_help_lists_the_framework_commands() -> None:
    result = _run("framework", "--help")
    assert result.exit_code == 0
    for command in ("list", "show", "validate", "schema"):
        assert command in result.stdout


def test_list_shows_custom_frameworks_in_a_table() -> None:
    result = _run("framework", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "REQUIREMENTS", "SOURCE"]
    assert ["tiny", "1.0", "3", str(TINY)] in [line.split() for line in lines]
    assert result.stderr == ""


def test_list_reports_broken_custom_files_on_stderr(tmp_path: Path) -> None:
    custom = tmp_path / "custom"
    custom.mkdir()
    shutil.copy(TINY, custom)
    shutil.copy(INVALID / "undeclared_level.yaml", custom)
    result = _run("framework", "list", frameworks_dir=custom)
    assert result.exit_code == 0
    assert "tiny" in result.stdout and "undeclared_level" not in result.stdout
    broken = custom / "undeclared_level.yaml"
    assert result.stderr.splitlines() == [
        f"error: {broken} was not loaded:",
        f"  {broken}:28: domains[0].items[0].subitems[0].requirements[1].level: "
        "level 7 is not declared in levels (declared: 1, 2)",
    ]


def test_show_summarises_a_framework() -> None:
    result = _run("framework", "show", "tiny")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Tiny maturity model",
        "  id: tiny  version: 1.0",
        f"  source: {TINY}",
        "  A framework small enough to read in one go.",
        "levels (2):",
        "  L1 · Basic",
        "  L2 · Advanced",
        "roles (2):",
        "  owner: Product owner (1 requirement)",
        "  engineer: Engineer (2 requirements)",
        "contents: 1 domain, 1 item, 2 sub-items, 3 requirements",
        "scoring: min rollup",
        "timing: 15 s to answer, 60 s more where evidence is required; all of it: about 2 min",
        "provenance: Written for the test suite.",
    ]


def test_show_tree_in_chinese() -> None:
    result = _run("framework", "show", "tiny", "--tree", "--locale", "zh")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "微型成熟度模型"
    assert "  L1 · 基础级" in lines
    assert "  engineer: 工程师 (2 requirements)" in lines
    assert lines[-4:] == [
        "DEV  Development",
        "  DEV-1  Requirements  [role: owner]",
        "    DEV-1.1  Requirement analysis  [L1:1 L2:1]  roles: engineer, owner",
        "    DEV-1.2  Acceptance  [L1:1 L2:0]  roles: engineer",
    ]


def test_show_uses_default_locale_from_settings() -> None:
    result = _run("framework", "show", "tiny", DEFAULT_LOCALE="zh")
    assert result.stdout.splitlines()[0] == "微型成熟度模型"


def test_show_unknown_id_names_the_known_ones() -> None:
    result = _run("framework", "show", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown framework 'nope' (known: ")
    assert "tiny" in result.stderr


def test_validate_ok_files() -> None:
    result = _run("framework", "validate", str(TINY))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"ok: {TINY} (tiny, 3 requirements)",
        "  note: zh: 15 of 18 texts lack it, first at description",
    ]


def test_validate_notes_nothing_when_every_text_has_the_same_locales(tmp_path: Path) -> None:
    english = tmp_path / "english.yaml"
    text = TINY.read_text(encoding="utf-8")
    for zh in ("\n  zh: 微型成熟度模型", ", zh: 基础级", ", zh: 工程师"):
        text = text.replace(zh, "")
    english.write_text(text, encoding="utf-8")
    result = _run("framework", "validate", str(english))
    assert result.exit_code == 0
    assert result.stdout == f"ok: {english} (tiny, 3 requirements)\n"


def test_validate_prints_every_problem_and_fails(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = _run(
        "framework", "validate", str(TINY), str(INVALID / "wrong_type.yaml"), str(missing)
    )
    assert result.exit_code == 1
    wrong = INVALID / "wrong_type.yaml"
    assert result.stdout.splitlines() == [
        f"ok: {TINY} (tiny, 3 requirements)",
        "  note: zh: 15 of 18 texts lack it, first at description",
        f'{wrong}:3: version: expected text, found 1.0 (a number); put it in quotes: "1.0"',
        f"{wrong}:4: title: expected text (a string, or a mapping with 'en' and optional 'zh'), "
        "found a list of 1 entry",
        f"{wrong}:23: domains[0].items[0].subitems[0].requirements[0].level: "
        "expected a whole number, found 'one' (text)",
        f"{missing}: cannot read the file: No such file or directory",
    ]
    assert result.stderr == "2 of 3 files failed validation.\n"


def test_schema_prints_json_schema() -> None:
    result = _run("framework", "schema", frameworks_dir=None)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Maturity Bot framework"
    assert "domains" in schema["properties"]


def test_invalid_settings_are_reported_without_a_traceback() -> None:
    result = _run("framework", "list", LOG_LEVEL="loud")
    assert result.exit_code == 2
    assert "LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'" in (
        result.stderr
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_framework_commands_need_no_slack_tokens() -> None:
    result = _run("framework", "list", SLACK_BOT_TOKEN="", SLACK_APP_TOKEN="")
    assert result.exit_code == 0


def test_show_lists_declared_themes_dimensions_and_scope() -> None:
    result = _run("framework", "show", "scoped", frameworks_dir=DATA / "product")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "themes: process, governance" in lines
    assert "dimensions: functionality, automation" in lines
    assert "scope: by domain (an assessment may leave modules out)" in lines
    tiny = _run("framework", "show", "tiny").stdout
    assert "themes:" not in tiny and "dimensions:" not in tiny and "scope:" not in tiny
