"""Requests without a workspace are refused before any listener: everything is scoped by it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.listeners.context import WORKSPACE, resolve_workspace, services_of
from bot.listeners.middleware import Direct
from questionnaire.usecases.orgs import remember_org

log = logging.getLogger(__name__)
NO_WORKSPACE_NEEDED = frozenset({"url_verification", "ssl_check"})


def require_workspace(
    context: BoltContext, body: dict[str, Any], next: Callable[[], BoltResponse]
) -> BoltResponse | None:
    """Resolve the workspace the request is scoped to (`context.resolve_workspace`) for every
    listener after it; refuse (400) a signed request that names none, before any listener."""
    context[WORKSPACE] = resolve_workspace(context, body)
    if not context[WORKSPACE] and body.get("type") not in NO_WORKSPACE_NEEDED:
        log.warning("refused a request with no workspace id (type %r)", body.get("type"))
        return BoltResponse(status=400, body="")
    return next()


class OrgsSeen:
    """Middleware: note which Grid organisation each workspace of an org-wide installation
    belongs to (once per workspace and process), so the scheduled jobs and deliveries of that
    workspace, which know only its id, find the organisation's token."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def __call__(
        self, context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Remember the request's organisation, then go on."""
        team, org = context.get(WORKSPACE), context.enterprise_id
        if team and org and context.is_enterprise_install:
            with self._lock:
                first = (team, org) not in self._seen
                self._seen.add((team, org))
            if first:
                services = services_of(context)
                remember_org(services.uow, team, org, services.clock.now())
        return next()


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.middleware(Direct(require_workspace))
    app.middleware(Direct(OrgsSeen()))
