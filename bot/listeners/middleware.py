"""Our middleware functions as Bolt middleware classes: Bolt calls a function middleware with
arguments it builds anew for every request, every one a listener could ask for (the action,
the view, the shortcut... parsed from the body each time); a class gets the request as it is.
Each function names what it takes among `context`, `body`, `client` and `next`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

_TAKEN = {
    "context": lambda req, next: req.context,
    "body": lambda req, next: req.body,
    "client": lambda req, next: req.context.client,
    "next": lambda req, next: next,
}


class Direct(Middleware):
    """`func` as a middleware, called with the arguments it names (see the module's doc)."""

    def __init__(self, func: Callable[..., BoltResponse | None]) -> None:
        names = list(inspect.signature(func).parameters)
        unknown = [name for name in names if name not in _TAKEN]
        if unknown:
            raise TypeError(f"{func!r} takes {unknown}: a middleware takes only {list(_TAKEN)}")
        self._func, self._names = func, names

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Call the function with what it names."""
        arguments: dict[str, Any] = {name: _TAKEN[name](req, next) for name in self._names}
        return self._func(**arguments)
