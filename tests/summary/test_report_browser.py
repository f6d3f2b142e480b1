"""The HTML report in headless Chromium: it renders, shows the overall level, logs nothing.

Console messages are caught without a DevTools client: with `--enable-logging=stderr --v=0`
Chromium writes every console message (errors and uncaught exceptions included) to stderr as a
`CONSOLE` line, and the report has no script at all, so any such line is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.reporting.render_html import render_html
from bot.reporting.report import build_report

from .helpers import HOSTILE, all_evidence, framework, mixed, view

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _chromium() -> str:
    found = shutil.which(CHROMIUM)
    if found is None:
        reason = f"headless Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return found


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    fw = framework()
    current = view(fw, mixed(fw), evidence_for=all_evidence(fw), name=HOSTILE, previous_id=0)
    report = build_report(
        current,
        view(fw, mixed(fw, seed=1), id=0, name="Last year"),
        generated_at=datetime(2026, 3, 9, 9, tzinfo=UTC),
    )
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    url = page.as_uri()

    dumped = _run(tmp_path, "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    overall = re.search(r'<div class="card" id="overall">(.*?)</div>', dumped.stdout, re.S)
    assert overall is not None, "no overall card in the rendered page"
    assert report.summary.overall.label in overall.group(1)
    assert "<script" not in dumped.stdout.lower(), "user text became markup"
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []

    shot = tmp_path / "report.png"
    taken = _run(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert shot.stat().st_size > 50_000  # a real page, not a blank one
    assert [line for line in taken.stderr.splitlines() if ":CONSOLE" in line] == []
