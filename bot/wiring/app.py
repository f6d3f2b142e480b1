"""The Bolt app factory: one App wired to the services, with every listener registered."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.config.observer import NO_OBSERVER, Observer
from bot.config.services import Services
from bot.deadlines import Deadlines
from bot.delivery.courier import PACE_SECONDS, Courier
from bot.listeners import register_all
from bot.listeners.context import provide
from bot.listeners.middleware import Direct
from bot.slack.directory import Directory
from bot.slack.workspaces import SingleToken, Workspaces
from bot.wiring import errors
from bot.wiring.inbound import Screen
from bot.wiring.observed import CountCalls, ObservedApp, api_method
from bot.wiring.request_context import ContextThreadPool


class _TokenFromClient(logging.Filter):
    """Bolt warns that `token` is unused whenever SLACK_BOT_TOKEN is set and a client is given;
    the client carries that very token, so the warning only alarms operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


logging.getLogger(f"slack_bolt.{App.__name__}").addFilter(_TokenFromClient())


class _ReadsOnly(ConnectionErrorRetryHandler):
    """Retry a call whose connection broke only when repeating it cannot double anything: a
    post whose reply was lost may have happened, and the outbox decides about those."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if api_method(request).startswith(("chat.post", "files.", "conversations.join")):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def make_client(
    token: str | None, base_url: str, timeout_seconds: int = 30, observer: Observer = NO_OBSERVER
) -> WebClient:
    """A Web API client that honours Slack's Retry-After on HTTP 429 (off by default in
    slack_sdk), repeats a call after a broken connection only when that is harmless, gives up on
    a call that has not answered within `timeout_seconds` (SLACK_TIMEOUT_SECONDS), and tells
    `observer` of every attempt."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout_seconds,
        retry_handlers=[
            CountCalls(observer),
            _ReadsOnly(),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


@dataclass(frozen=True)
class Bot:
    """The Bolt app and the courier that delivers what its listeners queue."""

    app: App
    courier: Courier
    services: Services  # what the listeners were given (with the courier)
    workspaces: Workspaces  # the client acting in each workspace


def create_bot(
    services: Services,
    client: WebClient,
    *,
    signing_secret: str | None = None,
    process_before_response: bool = False,
    oauth: tuple[OAuthSettings, Workspaces] | None = None,
) -> Bot:
    """Build the app and its courier. `process_before_response` finishes each listener, and
    delivers what it queued, before Slack gets the HTTP response (deterministic tests and the
    demo); in production both happen after the ack, on threads of their own.

    With `oauth` (Bolt's settings and the installed workspaces), `client` has no token: Bolt
    gives each request a client with its workspace's token, and the courier and the scheduler
    ask the workspaces for theirs."""
    settings, workspaces = oauth if oauth else (None, SingleToken(client))
    # Paced against Slack's rate limits; tests and the demo talk to the stand-in, unpaced.
    pace = 0.0 if process_before_response else PACE_SECONDS
    courier = Courier(services, workspaces, synchronous=process_before_response, pace_seconds=pace)
    services = replace(services, courier=courier)
    if process_before_response:  # the response leaves after the listener: no ack goes early
        services = replace(services, deadlines=Deadlines(None))
    app = ObservedApp(
        observer=services.observer,
        client=client,
        oauth_settings=settings,
        signing_secret=signing_secret,
        process_before_response=process_before_response,
        # Socket Mode payloads are not signed; Bolt only checks signatures when given a secret.
        request_verification_enabled=signing_secret is not None,
        # Listeners parse, write and ack; then at most half of them send the page their click
        # owes (the courier's threads take the rest and everything else), so a slow Slack
        # never holds them all. Sized in settings (Bolt's default is 10).
        listener_executor=ContextThreadPool(
            max_workers=services.settings.listener_threads, thread_name_prefix="listener"
        ),
    )
    # First: no listener sees text the database cannot store, nor a request missing its parts.
    app.middleware(Screen())
    # Then: every middleware and listener after it reads the services from its context.
    app.middleware(
        Direct(provide(services, Directory(workspaces, services.uow, services.clock), workspaces))
    )
    register_all(app)
    errors.register(app, services)  # the one @app.error handler, after every listener
    return Bot(app, courier, services, workspaces)


def create_app(
    services: Services,
    client: WebClient,
    *,
    signing_secret: str | None = None,
    process_before_response: bool = False,
) -> App:
    """`create_bot`'s app alone."""
    return create_bot(
        services,
        client,
        signing_secret=signing_secret,
        process_before_response=process_before_response,
    ).app
