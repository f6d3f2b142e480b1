"""Which Web API client acts in each workspace: the one token's, or the workspace's installation."""

from __future__ import annotations

import logging
from typing import Protocol

from slack_sdk import WebClient

log = logging.getLogger(__name__)


class NotInstalled(LookupError):
    """The app is not (or no longer) installed in the workspace: nothing may be sent there."""


class Workspaces(Protocol):
    def client_for(self, team_id: str, enterprise_id: str | None = None) -> WebClient | None:
        """The client acting in `team_id` (of `enterprise_id`), None when it is not installed."""

    def forget(self, team_id: str | None, enterprise_id: str | None, *, bot_only: bool) -> None:
        """The app was uninstalled (or its bot token revoked): drop what lets it act there."""

    def installer(self, team_id: str, enterprise_id: str | None = None) -> str | None:
        """Who installed the app in `team_id` (its latest installation), None when unknown."""


class SingleToken:
    """One workspace, one token (SLACK_BOT_TOKEN): every workspace gets the same client, or,
    once the token's own workspace is known (`own_workspace`), that workspace alone."""

    def __init__(self, client: WebClient, team_id: str | None = None) -> None:
        self.client = client
        self.team_id = team_id

    def client_for(self, team_id: str, enterprise_id: str | None = None) -> WebClient | None:
        """The one client; None for another workspace than the token's, when that is known."""
        return self.client if self.team_id in (None, team_id) else None

    def installer(self, team_id: str, enterprise_id: str | None = None) -> str | None:
        """Unknown: the token was made by hand, not by an install."""
        return None

    def forget(self, team_id: str | None, enterprise_id: str | None, *, bot_only: bool) -> None:
        """Nothing is stored to forget: the operator removes SLACK_BOT_TOKEN."""
        log.warning(
            "the app was uninstalled from workspace %s (or its token revoked); "
            "SLACK_BOT_TOKEN no longer works there",
            team_id or enterprise_id,
        )


def own_workspace(workspaces: Workspaces) -> Workspaces:
    """What the scheduler sweeps: with one token, only the workspace auth.test says it belongs
    to (two deployments sharing a database must not remind each other's people). An org-wide
    token acts in every workspace of its organization, so it stays unscoped."""
    if not isinstance(workspaces, SingleToken) or workspaces.team_id is not None:
        return workspaces
    found = workspaces.client.auth_test()
    if found.get("is_enterprise_install"):
        log.info("org-wide SLACK_BOT_TOKEN: sweeping every workspace in the database")
        return workspaces
    return SingleToken(workspaces.client, found["team_id"])


def workspaces_of(source: WebClient | Workspaces) -> Workspaces:
    """`source` itself, or a client as the single-token workspaces."""
    return SingleToken(source) if isinstance(source, WebClient) else source


def client_in(workspaces: Workspaces, team_id: str) -> WebClient:
    """The client acting in `team_id`; raises NotInstalled when there is none."""
    client = workspaces.client_for(team_id)
    if client is None:
        raise NotInstalled(f"the app is not installed in workspace {team_id}")
    return client
