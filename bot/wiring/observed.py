"""What the bot counts where Slack meets it: each request until its ack, each Web API attempt."""

from __future__ import annotations

import time
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState

from bot.config.observer import Observer
from bot.deadlines import received
from bot.wiring.request_context import handling

_SURFACES = {
    "block_actions": "block_actions",
    "view_submission": "view_submission",
    "view_closed": "view_closed",
    "block_suggestion": "block_suggestion",
    "event_callback": "event",
    "shortcut": "shortcut",
    "message_action": "shortcut",
}


def api_method(request: HttpRequest) -> str:
    """The Web API method a retried request calls, e.g. `chat.postMessage`."""
    return request.url.rstrip("/").rsplit("/", 1)[-1]


def surface_of(body: dict[str, Any]) -> str:
    """The kind of Slack request: command, block_actions, view_submission, event, … or other."""
    if "command" in body:
        return "command"
    return _SURFACES.get(str(body.get("type")), "other")


class ObservedApp(App):
    """A Bolt app that times each request until Bolt answers it (the ack, in both modes) and
    marks it, for the log, with its workspace, user and a request id."""

    def __init__(self, *, observer: Observer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._request_observer = observer

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        """Bolt's dispatch, timed and counted by surface."""
        started = time.perf_counter()
        with handling(req.context.team_id, req.context.user_id), received():
            response = super().dispatch(req)
        seconds = time.perf_counter() - started
        self._request_observer.request(surface_of(req.body), seconds, acked=response.status == 200)
        return response


class CountCalls(RetryHandler):
    """First of a client's retry handlers, so it sees every attempt's outcome; never retries."""

    def __init__(self, observer: Observer) -> None:
        super().__init__(max_retry_count=1_000_000)
        self._observer = observer

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        limited = response is not None and response.status_code == 429
        self._observer.slack_call(api_method(request), rate_limited=limited)
        return False
