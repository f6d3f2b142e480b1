"""Three `serve` processes on one PostgreSQL database and fifty installed workspaces, each with
one person due a reminder now: every tick, each workspace is swept by one process only, the
three share the workspaces, and nobody is reminded twice."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, select

from bot.wiring.installations import EncryptedInstallationStore
from devkit.standin import SlackStandIn
from devkit.standin.oauth import CLIENT_ID, CLIENT_SECRET
from questionnaire.domain import Assessment, ReminderPolicy
from questionnaire.loader.load import load_framework
from storage.engine import make_engine
from storage.records import SweepTickRecord
from storage.uow import make_uow_factory

from . import journey
from .conftest import BotFactory
from .ledger import Ledger
from .process import wait_until

pytestmark = pytest.mark.postgres

TEAMS = [f"T0W{n:02d}" for n in range(50)]
KEY = Fernet.generate_key().decode()  # encrypts the stored tokens; made here, for this test
OAUTH = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_TOKEN_KEY": KEY,
    "SWEEP_SECONDS": "1",
}


def person(team: str) -> str:
    return f"U{team[1:]}"


def install(slack: SlackStandIn, database_url: str) -> None:
    """Each workspace installs the app: its token, from the stand-in's OAuth, in the database."""
    engine = make_engine(database_url)
    store = EncryptedInstallationStore(CLIENT_ID, engine, KEY)
    oauth = WebClient(base_url=slack.base_url)
    for team in TEAMS:
        code = slack.offer_install(team, f"Team {team}", journey.LEAD)
        access = oauth.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
        store.save(
            Installation(
                app_id=access["app_id"],
                team_id=team,
                bot_token=access["access_token"],
                bot_user_id=access["bot_user_id"],
                bot_scopes=access["scope"],
                user_id=journey.LEAD,
            )
        )
    engine.dispose()


def seed(database_url: str, frameworks: Path) -> None:
    """One assessment a workspace, its one person reminded daily at the current minute."""
    now = datetime.now(UTC)
    policy = ReminderPolicy(cadence="daily", local_time=now.time().replace(second=0, microsecond=0))
    engine = make_engine(database_url)
    with make_uow_factory(engine)() as uow:
        framework = load_framework(frameworks / f"{journey.FRAMEWORK}.yaml")
        content_hash = uow.frameworks.save(framework)
        for team in TEAMS:
            uow.assessments.add(
                Assessment(
                    team_id=team,
                    name=f"Assessment {team}",
                    project="p",
                    framework_id=framework.id,
                    framework_version=framework.version,
                    framework_hash=content_hash,
                    lead_id=journey.LEAD,
                    channel_id="C0SWEEP",
                    created_at=now - timedelta(days=7),
                    roles={journey.role(1): [person(team)]},
                    reminder_policy=policy,
                )
            )
        uow.commit()
    engine.dispose()


def reminded(slack: SlackStandIn) -> Counter[str]:
    """How many reminder DMs each person got."""
    return Counter(
        person(team)
        for team in TEAMS
        for m in slack.messages_in(person(team))
        if m.text.startswith("Reminder:")
    )


def test_three_processes_sweep_each_workspace_once_a_tick(
    slack: SlackStandIn, bots: BotFactory, postgres_url: str, frameworks: Path
) -> None:
    journey.write_framework(frameworks, roles=1, questions=1)
    journey.add_people(slack, [person(team) for team in TEAMS], [])
    install(slack, postgres_url)
    processes = [bots(postgres_url, **OAUTH) for _ in range(3)]
    for bot in processes:
        bot.spawn()
    for bot in processes:
        bot.wait_listening()
    seed(postgres_url, frameworks)

    wait_until(lambda: len(reminded(slack)) == len(TEAMS), 20, "a reminder to each person")
    engine = make_engine(postgres_url)
    first = wait_until(lambda: _ticks(engine), 5, "a tick after the reminders")
    wait_until(lambda: len(_ticks(engine)) >= len(first) + len(TEAMS), 10, "another tick")
    ledger = Ledger(postgres_url)
    try:
        wait_until(ledger.settled, 10, "the outbox to settle")
    finally:
        ledger.close()
    ticks = _ticks(engine)
    engine.dispose()

    assert reminded(slack) == Counter({person(team): 1 for team in TEAMS})
    by_tick: dict[str, Counter[str]] = {}
    for team, tick, _ in ticks:
        by_tick.setdefault(tick, Counter())[team] += 1
    assert all(count == 1 for teams in by_tick.values() for count in teams.values())
    assert {team for team, _, _ in ticks} == set(TEAMS)
    assert len({process for _, _, process in ticks}) > 1, "the processes share the workspaces"


def _ticks(engine: Engine) -> list[tuple[str, str, str]]:
    """(workspace, tick, process) of every reminder sweep so far."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(SweepTickRecord.team_id, SweepTickRecord.tick, SweepTickRecord.claimed_by).where(
                SweepTickRecord.job == "reminders"
            )
        )
        return [(team, tick, by) for team, tick, by in rows]
