"""`app_uninstalled` forgets the workspace's installation; `tokens_revoked` only its bot, and
only when the bot's token is among those revoked."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.listeners.context import WORKSPACES
from bot.listeners.uninstall import tokens_revoked, uninstalled

from .conftest import Call


class Forgetting:
    """The installed workspaces, recording what they were told to forget."""

    def __init__(self) -> None:
        self.forgotten: list[tuple[str | None, str | None, bool]] = []

    def client_for(self, team_id: str, enterprise_id: str | None = None) -> None:
        return None

    def installer(self, team_id: str, enterprise_id: str | None = None) -> None:
        return None

    def forget(self, team_id: str | None, enterprise_id: str | None, *, bot_only: bool) -> None:
        self.forgotten.append((team_id, enterprise_id, bot_only))


def _context(call: Call, workspaces: Forgetting) -> BoltContext:
    return BoltContext({**call.context, WORKSPACES: workspaces, "enterprise_id": "E0ORG"})


def test_uninstall_forgets_everything_and_a_revoked_bot_token_the_bot(call: Call) -> None:
    workspaces = Forgetting()
    context = _context(call, workspaces)
    tokens_revoked({"tokens": {"oauth": ["U0LEAD"]}}, context, call.client)  # a user token
    assert workspaces.forgotten == []
    tokens_revoked({"tokens": {"bot": ["U0BOT"]}}, context, call.client)
    uninstalled(context, call.client)
    team = call.context["team_id"]
    assert workspaces.forgotten == [(team, "E0ORG", True), (team, "E0ORG", False)]
