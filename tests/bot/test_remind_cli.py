"""`maturity-bot remind --now` queues the due reminders and delivers them before it exits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from devkit.standin import SlackStandIn
from questionnaire.domain import Assessment, ReminderPolicy
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.reminders.world import tiny_framework

TOKEN = "xoxb-remind-test-token"  # a local test value, not a credential


def _seed(url: str, now: datetime) -> None:
    """An assessment started ten days ago whose developer's daily slot was five minutes ago."""
    upgrade(url)
    engine = make_engine(url)
    factory = make_uow_factory(engine)
    with factory() as uow:
        framework_hash = uow.frameworks.save(tiny_framework())
        uow.assessments.add(
            Assessment(
                team_id="T0STANDIN",
                name="Platform",
                project="Platform",
                framework_id="tiny",
                framework_version="1",
                framework_hash=framework_hash,
                lead_id="U0LEAD",
                channel_id="C0CHAN",
                created_at=now - timedelta(days=10),
                roles={"dev": ["U0DEV"], "ops": ["U0DEV"]},
                reminder_policy=ReminderPolicy(
                    cadence="daily", local_time=(now - timedelta(minutes=5)).time()
                ),
            )
        )
        uow.commit()
    engine.dispose()


def test_remind_now_delivers_what_it_queued_before_exiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    if now.hour == 0 and now.minute < 10:
        pytest.skip("the slot five minutes ago would be yesterday's")
    monkeypatch.chdir(tmp_path)  # no developer's .env is read
    for name in ("SLACK_APP_TOKEN", "FRAMEWORKS_DIR", "ADMIN_USER_IDS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    _seed(url, now)
    with SlackStandIn(bot_token=TOKEN) as slack:
        for user in ("U0LEAD", "U0DEV"):
            slack.add_user(user, user.lower(), tz="UTC")
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.base_url, "DATABASE_URL": url}
        result = CliRunner().invoke(app, ["remind", "--now"], env=env)
        assert result.exit_code == 0, result.output
        assert "queued 1 reminder, 0 escalations, 0 overdue notices;" in result.output
        assert "delivered 1, still queued 0" in result.output
        [reminder] = slack.messages("U0DEV")
        assert reminder.text.startswith("Reminder: 5 questions open")

        again = CliRunner().invoke(app, ["remind", "--now"], env=env)  # claimed already
        assert "queued 0 reminders" in again.output
        assert len(slack.messages("U0DEV")) == 1
