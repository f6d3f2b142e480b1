"""How listeners reach the services: a middleware puts them in Bolt's context, listeners read them.

Listeners are plain module-level functions taking Bolt's argument names (`ack`, `body`, `client`,
`context`...), so a test can call one directly with a fake `ack`, a fake client and a context
holding the services: no HTTP, no Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.config.services import Services
from bot.slack.webapi import Directory

SERVICES = "services"
DIRECTORY = "directory"

Middleware = Callable[[BoltContext, Callable[[], BoltResponse]], BoltResponse | None]


def provide(services: Services, directory: Directory) -> Middleware:
    """The middleware before every listener: each finds the services (and the one
    cached people directory) in its context."""

    def with_services(
        context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context[SERVICES] = services
        context[DIRECTORY] = directory
        return next()

    return with_services


def services_of(context: dict[str, Any]) -> Services:
    """The services the app was built with (a BoltContext is a dict)."""
    services = context.get(SERVICES)
    if not isinstance(services, Services):
        raise LookupError("no services in the context: is the services middleware registered?")
    return services


def directory_of(context: dict[str, Any], client: WebClient) -> Directory:
    """The app's people directory (its cache shared by every request), or one on `client` when
    the context has none (a listener called directly)."""
    directory = context.get(DIRECTORY)
    return directory if isinstance(directory, Directory) else Directory(client)
