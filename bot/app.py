"""The Bolt app factory: one App wired to the services, with every listener registered."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from .listeners import register_all
from .services import Services


class _TokenFromClient(logging.Filter):
    """Bolt warns that `token` is unused whenever SLACK_BOT_TOKEN is set and a client is given;
    the client carries that very token, so the warning only alarms operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


logging.getLogger(f"slack_bolt.{App.__name__}").addFilter(_TokenFromClient())


def make_client(token: str, base_url: str) -> WebClient:
    """A Web API client that honours Slack's Retry-After on HTTP 429 (off by default in slack_sdk)."""
    client = WebClient(token=token, base_url=base_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client


def create_app(
    services: Services,
    client: WebClient,
    *,
    signing_secret: str | None = None,
    process_before_response: bool = False,
) -> App:
    """Build the app. `process_before_response` finishes each listener before Slack gets the
    HTTP response (deterministic tests and demo); in production work continues after the ack."""
    app = App(
        client=client,
        signing_secret=signing_secret,
        process_before_response=process_before_response,
        # Socket Mode payloads are not signed; Bolt only checks signatures when given a secret.
        request_verification_enabled=signing_secret is not None,
    )
    register_all(app, services)
    return app
