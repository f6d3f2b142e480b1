"""`maturity-bot deliveries`: what an operator sees of the outbox, and retrying given-up entries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from questionnaire.outbox import Intro
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

runner = CliRunner()
QUEUED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no stray .env
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    uow = make_uow_factory(make_engine(url))
    with uow() as work:
        waiting = work.outbox.add("T1", "intro:1:U1", Intro(1, "U1"), QUEUED)
        dead = work.outbox.add("T1", "intro:1:U2", Intro(1, "U2"), QUEUED)
        assert waiting is not None and dead is not None
        work.outbox.claim(QUEUED, QUEUED, 5)
        work.outbox.retry(dead, QUEUED, "account_inactive", give_up=True)
        work.outbox.retry(waiting, QUEUED, "internal_error")
        work.commit()
    return url


def test_status_names_what_was_given_up_and_why_and_retry_queues_it_again(database: str) -> None:
    status = runner.invoke(app, ["deliveries"], env={"DATABASE_URL": database})
    assert status.exit_code == 1, status.output
    assert status.stdout.startswith("waiting: 1 (oldest queued ")
    assert "given up: 1" in status.stdout
    assert "T1 intro:1:U2: 1 attempt," in status.stdout and "account_inactive" in status.stdout
    assert "maturity-bot deliveries retry" in status.stdout

    retried = runner.invoke(app, ["deliveries", "retry"], env={"DATABASE_URL": database})
    assert (retried.exit_code, retried.stdout) == (0, "queued again: 1\n")
    again = runner.invoke(app, ["deliveries"], env={"DATABASE_URL": database})
    assert again.exit_code == 0
    assert "waiting: 2" in again.stdout and "given up: 0" in again.stdout


def test_a_bad_database_url_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["deliveries"], env={"DATABASE_URL": "mysql://x"})
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("error: ")
