"""What every request must be before a listener reads it: text a database can hold (NUL
characters dropped, lone surrogates replaced by U+FFFD, everywhere in the body), and the parts
every listener of its kind relies on (who, the action clicked, the view; the workspace is
checked by bot.listeners.workspace_guard). A request without them is answered 400 and changes
nothing: Slack never sends one, a forger might."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Requests from someone: a person is named and acts. Events and url_verification need not be.
_FROM_A_PERSON = {"block_actions", "view_submission", "view_closed", "block_suggestion"}
_FROM_A_PERSON |= {"shortcut", "message_action"}


def clean_text(text: str) -> str:
    """`text` without NUL characters, each lone surrogate replaced by U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.isascii():  # known without a look at the characters: no surrogate in it
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def clean(value: Any) -> Any:
    """A parsed request body (dicts, lists, strings) with every string cleaned, in place (a
    click's body carries the whole page it was clicked on: hundreds of strings)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:  # values replaced in place: the keys stay as they are
            if isinstance(item, str):
                value[key] = clean_text(item)
            elif isinstance(item, dict | list):
                clean(item)
    return value


def missing(body: dict[str, Any]) -> str | None:
    """What a request lacks that its listeners need, or None when it is whole."""
    kind = body.get("type") or ("command" if "command" in body else None)
    if kind in _FROM_A_PERSON:
        user = body.get("user")
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            return "no user"
    if kind == "command" and not isinstance(body.get("user_id"), str):
        return "no user"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
            return "no action"
    if kind in ("view_submission", "view_closed") and not isinstance(body.get("view"), dict):
        return "no view"
    return None


class Screen(Middleware):
    """The first middleware: clean the body's text; answer 400 to a request missing its
    essentials. A class, not a function: Bolt builds a function middleware's arguments from the
    body (the clicked action among them), which fails on exactly these requests."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Go on with a clean, whole request; else answer 400."""
        clean(req.body)
        problem = missing(req.body)
        if problem is None:
            return next()
        log.warning("malformed request refused (%s): type %r", problem, req.body.get("type"))
        return BoltResponse(
            status=400,
            body=json.dumps({"error": f"malformed request: {problem}"}),
            headers={"content-type": ["application/json"]},
        )
