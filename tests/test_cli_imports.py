"""Start-up stays light: the command line loads no chart, database or Slack library until a
command needs it (`maturity-bot --help` in well under a second), and the running bot loads
matplotlib when it first draws a chart, not when it starts."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "matplotlib",
    "numpy",
    "sqlalchemy",
    "slack_bolt",
    "slack_sdk",
    "jinja2",
    "prometheus_client",
    "holidays",
)


def _loaded(module: str, roots: tuple[str, ...]) -> list[str]:
    """The modules under `roots` that importing `module` loads, in a fresh interpreter."""
    script = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {roots!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_the_command_line_imports_nothing_heavy() -> None:
    for module in ("bot.cli", "bot.cli.main"):
        assert _loaded(module, HEAVY) == [], module


def test_the_bot_starts_without_matplotlib() -> None:
    for module in ("bot.runtime.serve", "bot.wiring.bootstrap", "bot.reporting.publish"):
        assert _loaded(module, ("matplotlib", "numpy")) == [], module
