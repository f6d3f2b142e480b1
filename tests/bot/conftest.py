"""Fixtures: the real app over signed HTTP, against the Slack stand-in, on a fresh SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devkit.demo import scenario
from devkit.demo.harness import Harness, start
from storage.migrate import upgrade

MONDAY_9_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per test process: each harness starts on a copy, as
    the bot starts on a database `db upgrade` migrated (migrating took most of a start)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def harness(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Harness]:
    database = shutil.copyfile(migrated_sqlite, tmp_path / "bot.sqlite3")
    with start(f"sqlite:///{database}", MONDAY_9_UTC, admins=("U0ADMIN",)) as h:
        scenario.setup_workspace(h)
        h.slack.add_user("U0ADMIN", "ada", tz="UTC")
        h.slack.add_user("U0EVE", "eve", tz="UTC")
        yield h


QUICKCHECK = "mlops-quickcheck"


@pytest.fixture
def started(harness: Harness) -> tuple[Harness, int]:
    """An assessment of the 44-question quick check, started through the modal (its framework
    select). Contract tests use it: one Slack surface or rule, whatever the framework's size.
    Every question is asked (adaptive questioning off): its own tests turn it on."""
    return harness, scenario.start_assessment(harness, framework=QUICKCHECK, adaptive=False)


@pytest.fixture
def started_caict(harness: Harness) -> tuple[Harness, int]:
    """An assessment of the bundled CAICT framework (the modal's default, 280 questions), for the
    tests where size is the point: counts, long pages, CAICT requirement ids. Every question is
    asked (adaptive questioning off)."""
    return harness, scenario.start_assessment(harness, adaptive=False)
