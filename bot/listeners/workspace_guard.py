"""Requests without a workspace are refused before any listener: everything is scoped by it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.listeners.context import WORKSPACE, resolve_workspace

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


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.middleware(require_workspace)
