"""How listeners reach the services: a middleware puts them in Bolt's context, listeners read them.

Listeners are plain module-level functions taking Bolt's argument names (`ack`, `body`, `client`,
`context`...), so a test can call one directly with a fake `ack`, a fake client and a context
holding the services: no HTTP, no Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config.services import Services
from bot.slack.directory import Directory
from bot.slack.workspaces import NotInstalled, SingleToken, Workspaces
from questionnaire.usecases.admins import Admins, admins_given, listed_admins

log = logging.getLogger(__name__)

SERVICES = "services"
DIRECTORY = "directory"
WORKSPACES = "workspaces"

Middleware = Callable[[BoltContext, Callable[[], BoltResponse]], BoltResponse | None]


def provide(services: Services, directory: Directory, workspaces: Workspaces) -> Middleware:
    """The middleware before every listener: each finds the services (and the people
    directory, and the installed workspaces) in its context."""

    def with_services(
        context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context[SERVICES] = services
        context[DIRECTORY] = directory
        context[WORKSPACES] = workspaces
        return next()

    return with_services


def services_of(context: dict[str, Any]) -> Services:
    """The services the app was built with (a BoltContext is a dict)."""
    services = context.get(SERVICES)
    if not isinstance(services, Services):
        raise LookupError("no services in the context: is the services middleware registered?")
    return services


def directory_of(context: dict[str, Any], client: WebClient) -> Directory:
    """The app's people directory, or one on `client` when the context has none (a listener
    called directly)."""
    directory = context.get(DIRECTORY)
    if isinstance(directory, Directory):
        return directory
    services = services_of(context)
    return Directory(client, services.uow, services.clock)


def workspaces_in(context: dict[str, Any], client: WebClient) -> Workspaces:
    """The app's installed workspaces, or `client` alone when the context has none."""
    workspaces = context.get(WORKSPACES)
    return workspaces if workspaces is not None else SingleToken(client)


WORKSPACE = "workspace_id"


def resolve_workspace(context: dict[str, Any], body: dict[str, Any]) -> str | None:
    """The workspace a request is scoped to. Installed in one workspace, the one the bot's token
    belongs to (Bolt's authorize result), not the payload's `team`, which in a Slack Connect
    channel is the clicker's organisation. Installed org-wide on Enterprise Grid, the workspace
    the request comes from: the payload's team, else its user's, view's or event's (an org-wide
    event's authorization names no workspace). None when the payload names neither a workspace
    nor an organisation: Slack never sends such a request."""
    if not (context.get("team_id") or context.get("enterprise_id")):
        return None
    installed = getattr(context.get("authorize_result"), "team_id", None)
    if installed and not context.get("is_enterprise_install"):
        return str(installed)
    candidates = (
        context.get("team_id"),
        body.get("team_id"),
        _field(body, "user", "team_id"),
        _field(body, "view", "team_id"),
        _field(body, "event", "team"),
        installed,
    )
    return next((team for team in candidates if isinstance(team, str) and team), None)


def _field(body: dict[str, Any], part: str, key: str) -> Any:
    """`body[part][key]` when `body[part]` is an object, else None."""
    value = body.get(part)
    return value.get(key) if isinstance(value, dict) else None


def workspace_of(context: dict[str, Any]) -> str:
    """The workspace the request is scoped to, as `resolve_workspace` found it before any
    listener (a listener called directly, as tests do, falls back to `context.team_id`)."""
    team = context.get(WORKSPACE) or context.get("team_id")
    if not team:  # the workspace guard refuses such requests before any listener
        raise LookupError("the request names no workspace")
    return str(team)


def admins_of(context: dict[str, Any], client: WebClient, user_id: str) -> Admins:
    """The admins of the request's workspace, as far as `user_id`'s request needs them: those
    listed in it (`/maturity admins`, remembered for a few seconds) and ADMIN_USER_IDS; while it lists none, also who
    installed the app and, when Slack says so, `user_id` as a workspace admin or owner (both
    looked up only if the request asks about someone not already known to be an admin)."""
    services, team = services_of(context), workspace_of(context)

    def defaults() -> set[str]:
        workspaces = workspaces_in(context, client)
        found = {workspaces.installer(team, context.get("enterprise_id"))}
        try:
            if directory_of(context, client).is_workspace_admin(team, user_id):
                found.add(user_id)
        except (SlackApiError, NotInstalled) as exc:  # not an admin then; the request goes on
            log.warning("could not ask Slack whether %s is a workspace admin: %s", user_id, exc)
        return {user for user in found if user}

    listed = services.listed_admins.get(
        team, lambda: frozenset(a.user_id for a in listed_admins(services.reader, team))
    )
    admins = admins_given(listed, services.admins, defaults)
    # Settled here, before any use case opens its transaction: a lookup may store what Slack
    # said in the people directory, which must not wait on the request's own transaction.
    _ = user_id in admins
    return admins
