"""Every use case above runs without Slack: this folder's tests pass again in a fresh
interpreter where Slack's libraries cannot be imported at all (a module-level import anywhere
under questionnaire, the fakes or these tests would fail them, and so would a late import inside
a use case, which the import contracts cannot see)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__)
ROOT = HERE.parents[2]

# Run in the child: refuse Slack's packages, then this folder's tests (but this one).
CHILD = """
import importlib.abc, sys

class NoSlack(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("slack_sdk", "slack_bolt"):
            raise ImportError(f"{name} is not to be needed here")
        return None

sys.meta_path.insert(0, NoSlack())
import pytest

code = pytest.main(["-q", "-p", "no:cacheprovider", sys.argv[1], "--ignore", sys.argv[2]])
leaked = sorted(m for m in sys.modules if m.partition(".")[0] in ("slack_sdk", "slack_bolt"))
print("slack modules:", leaked)
sys.exit(code or bool(leaked))
"""


def test_the_use_cases_and_their_tests_never_import_slack() -> None:
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")  # no plugin of ours is needed
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(HERE.parent), str(HERE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stdout[-4000:] + child.stderr[-2000:]
    assert "slack modules: []" in child.stdout
    assert " passed" in child.stdout
