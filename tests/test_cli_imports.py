"""Start-up stays light: the command line loads no chart, database, settings or Slack library until a
command needs it (`maturity-bot --help` in well under a second), and the running bot loads
matplotlib when it first draws a chart, not when it starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage.engine import make_engine
from storage.revision import database_revision, shipped_head

HEAVY = (
    "matplotlib",
    "numpy",
    "sqlalchemy",
    "slack_bolt",
    "slack_sdk",
    "jinja2",
    "prometheus_client",
    "holidays",
    "pydantic_settings",  # the settings load with the first command that reads them
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


def test_the_bot_loads_alembic_only_to_migrate(tmp_path: Path) -> None:
    """A start on a database already at the shipped revision reads it without Alembic (some
    11 MiB and its migration scripts); a database behind it is migrated."""
    assert _loaded("bot.runtime.serve", ("alembic",)) == []
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    script = (
        "import sys; from bot.config.settings import load_settings; "
        "from bot.wiring.bootstrap import build_services; "
        f"build_services(load_settings(database_url={url!r})); "
        "print('alembic' in sys.modules)"
    )

    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
        )
        return done.stdout.strip()

    assert start() == "True"  # a new database: migrated
    engine = make_engine(url)
    try:
        assert database_revision(engine) == shipped_head()
        assert start() == "False"  # at the shipped revision: Alembic stays unloaded
    finally:
        engine.dispose()
