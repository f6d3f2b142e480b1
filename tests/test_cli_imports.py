"""`maturity-bot --help` stays fast: the command line loads no chart, database or Slack library
until a command needs it."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("matplotlib", "numpy", "sqlalchemy", "slack_bolt", "slack_sdk", "jinja2")


def test_the_command_line_imports_nothing_heavy() -> None:
    script = (
        "import json, sys; import bot.cli.main; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout) == []
