"""Two workspaces install the app through the real OAuth endpoints of `serve --http`'s WSGI app
(oauth.v2.access on the Slack stand-in), each runs an assessment: every call carries that
workspace's token, a sweep of one never touches the other, an uninstall stops only that one, and
admins listed in one workspace are admins there only."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet

from bot.config.clock import FixedClock
from bot.config.settings import load_settings
from bot.runtime.http_server import SLACK_PATH, make_server, run_in_thread
from bot.runtime.scheduler import reminder_tick
from bot.wiring.app import Bot
from bot.wiring.bootstrap import build_app, build_services
from devkit.demo.scenario import buttons
from devkit.standin import SlackRequests, SlackStandIn, options_value, plain_text_value, users_value
from devkit.standin.oauth import CLIENT_ID, CLIENT_SECRET

SECRET = "oauth-test-signing-secret"  # a local test value, not a credential
MONDAY_9_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Team:
    team_id: str
    lead: str
    holder: str
    channel: str
    users: SlackRequests


@dataclass
class Running:
    slack: SlackStandIn
    bot: Bot
    clock: FixedClock
    host: str


@pytest.fixture
def running(tmp_path: Any) -> Iterator[Running]:
    slack = SlackStandIn().start()
    settings = load_settings(
        slack_bot_token="",
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_token_key=Fernet.generate_key().decode(),
        slack_signing_secret=SECRET,
        slack_api_url=slack.base_url,
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
    )
    clock = FixedClock(MONDAY_9_UTC)
    bot = build_app(build_services(settings, clock=clock), http=True, process_before_response=True)
    server = make_server(bot.app, SECRET, "127.0.0.1", 0)
    stop = run_in_thread(server, "oauth-test-server")
    try:
        yield Running(slack, bot, clock, f"127.0.0.1:{server.effective_port}")
    finally:
        stop()
        slack.stop()


def _get(host: str, path: str, cookie: str = "") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    response.read()
    return response


def install(run: Running, team_id: str, lead: str, holder: str, channel: str) -> Team:
    """The lead opens /slack/install, approves on Slack, and Slack redirects back with a code."""
    run.slack.add_user(lead, f"lead-{team_id}", tz="UTC")
    run.slack.add_user(holder, f"holder-{team_id}", tz="UTC")
    run.slack.add_channel(channel, f"ml-{team_id}", members=[lead, holder], bot_member=False)
    start = _get(run.host, "/slack/install")
    assert start.status == 302
    state = parse_qs(urlsplit(start.headers["Location"]).query)["state"][0]
    cookie = start.headers["Set-Cookie"].split(";")[0]
    code = run.slack.offer_install(team_id, f"Team {team_id}", lead)
    done = _get(run.host, f"/slack/oauth_redirect?code={code}&state={state}", cookie)
    assert done.status == 200
    url = f"http://{run.host}{SLACK_PATH}"
    return Team(
        team_id,
        lead,
        holder,
        channel,
        SlackRequests(url, SECRET, team_id=team_id, standin=run.slack),
    )


def start_and_answer(run: Running, team: Team) -> None:
    """The start modal (every role to the holder), then the holder's first page and answer."""
    roles = [role.key for role in run.bot.services.registry.get("mlops-quickcheck").roles]
    team.users.slash_command(team.lead, "start", channel_id=team.channel)
    due = (run.clock.now().date() + timedelta(days=14)).isoformat()
    values: dict[str, Any] = {
        "name": {"value": plain_text_value(f"Assessment {team.team_id}")},
        "project": {"value": plain_text_value("scoring")},
        "framework": {
            "value": {"type": "static_select", "selected_option": {"value": "mlops-quickcheck"}}
        },
        "channel": {
            "value": {"type": "conversations_select", "selected_conversation": team.channel}
        },
        "target_level": {"value": {"type": "static_select", "selected_option": {"value": "3"}}},
        "due_date": {"value": {"type": "datepicker", "selected_date": due}},
        "adaptive": {"value": options_value([])},
    }
    values |= {f"role:{role}": {"users": users_value([team.holder])} for role in roles}
    response = team.users.view_submission(team.lead, "start_assessment", values)
    assert response.status == 200 and not response.body and not team.users.view_errors
    assert click(run, team, "continue") and click(run, team, "answer:met")


def click(run: Running, team: Team, action_id: str) -> bool:
    """The holder clicks the newest `action_id` button in their DM."""
    for message in reversed(run.slack.messages(team.holder)):
        for block_id, element in buttons(message):
            if element.get("action_id") == action_id:
                value = element.get("value")
                response = team.users.block_action(
                    team.holder, action_id, value=value, block_id=block_id, message=message
                )
                return response.status == 200
    return False


def teams_called(run: Running) -> set[str | None]:
    """The workspaces whose tokens the recorded calls carried."""
    return {call.team for call in run.slack.calls() if call.method != "oauth.v2.access"}


def test_two_workspaces_each_act_with_their_own_token(running: Running) -> None:
    run = running
    alpha = install(run, "T0ALPHA", "U0ALEAD", "U0AHOLD", "C0ALPHA")
    beta = install(run, "T0BETA", "U0BLEAD", "U0BHOLD", "C0BETA")
    assert [c.ok for c in run.slack.calls("oauth.v2.access")] == [True, True]

    for team in (alpha, beta):
        run.slack.clear()
        start_and_answer(run, team)
        assert run.slack.calls("chat.postMessage"), "the kickoff and the pages were posted"
        assert teams_called(run) == {team.team_id}  # requests and deliveries alike

    run.clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # Wednesday: reminders are due
    run.slack.clear()
    reminder_tick(run.bot.services, run.bot.courier, run.bot.workspaces)
    reminded = {c.params.get("channel"): c.team for c in run.slack.calls("chat.postMessage")}
    assert set(reminded.values()) == {alpha.team_id, beta.team_id}, "both were reminded"
    for channel, team in reminded.items():
        people = (alpha.lead[1:], alpha.holder[1:], alpha.channel[1:])
        mine = alpha if str(channel).endswith(people) else beta
        assert team == mine.team_id, f"{channel} was sent with {team}'s token"

    # Beta uninstalls the app: its installation goes, alpha goes on, beta's assessment stays.
    assert beta.users.event({"type": "app_uninstalled"}).status == 200
    assert run.bot.workspaces.client_for(beta.team_id) is None
    run.clock.set(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))  # Friday: the next slot
    run.slack.clear()
    reminder_tick(run.bot.services, run.bot.courier, run.bot.workspaces)
    alpha.users.slash_command(alpha.lead, "status", channel_id=alpha.channel)
    assert teams_called(run) == {alpha.team_id}
    beta.users.slash_command(beta.lead, "status", channel_id=beta.channel)  # not installed
    assert beta.team_id not in teams_called(run)
    with run.bot.services.uow() as uow:
        assert uow.assessments.by_name(beta.team_id, f"Assessment {beta.team_id}") is not None


def test_admins_listed_in_a_workspace_are_admins_there_only(running: Running) -> None:
    run = running
    alpha = install(run, "T0ALPHA", "U0ALEAD", "U0AHOLD", "C0ALPHA")
    beta = install(run, "T0BETA", "U0BLEAD", "U0BHOLD", "C0BETA")
    for team in (alpha, beta):
        start_and_answer(run, team)
    ada, boss = "U0ADA", "U0BOSS"
    run.slack.add_user(ada, "ada", tz="UTC")
    run.slack.add_user(boss, "boss", tz="UTC", is_admin=True)  # Slack's own workspace admin

    def said(team: Team, user: str, text: str) -> str:
        response = team.users.slash_command(user, text, channel_id=team.channel)
        assert response.status == 200
        return str((response.body or {}).get("text", ""))

    def settings(team: Team) -> str:
        return said(team, ada, f'settings "Assessment {team.team_id}"')

    assert "Only the lead" in settings(alpha)
    # Nobody is listed in alpha yet: its installer may list people, its other members may not.
    assert "Only an admin" in said(alpha, alpha.holder, f"admins add <@{ada}|ada>")
    assert "Added <@U0ADA>" in said(alpha, alpha.lead, f"admins add <@{ada}|ada>")
    run.slack.clear()
    assert settings(alpha) == ""  # the modal opens: a plain ack
    assert run.slack.calls("views.open")
    assert "Only the lead" in settings(beta)  # an admin of alpha only
    # Once someone is listed, the installer is an admin no more; the last admin stays.
    assert "Only an admin" in said(alpha, alpha.lead, f"admins add <@{boss}|boss>")
    assert "without admins" in said(alpha, ada, f"admins remove <@{ada}|ada>")
    # In beta, listing no one yet, Slack's workspace admins may list people.
    assert "Added <@U0BHOLD>" in said(beta, boss, f"admins add <@{beta.holder}|h>")
    assert "<@U0BHOLD>" in said(beta, beta.holder, "admins")
