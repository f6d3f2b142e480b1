"""The Slack request a thread is working on (workspace, user, request id), for JSON log lines."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

_IDS: contextvars.ContextVar[tuple[tuple[str, str], ...]] = contextvars.ContextVar(
    "slack_request", default=()
)


def current_ids() -> dict[str, str]:
    """`workspace_id`, `user_id` and `request_id` of the request being handled, those known."""
    return dict(_IDS.get())


@contextmanager
def handling(team_id: str | None, user_id: str | None) -> Iterator[None]:
    """Mark the code inside as handling one request, under a new request id."""
    ids = {"workspace_id": team_id, "user_id": user_id, "request_id": uuid.uuid4().hex[:16]}
    token = _IDS.set(tuple((name, value) for name, value in ids.items() if value))
    try:
        yield
    finally:
        _IDS.reset(token)


class ContextThreadPool(ThreadPoolExecutor):
    """A thread pool whose tasks run in the submitter's context: a listener run after the ack
    still logs its request's ids."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run `fn` on a pool thread, in a copy of the caller's context."""
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
