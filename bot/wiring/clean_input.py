"""Text no database can hold never reaches a listener: NUL characters are dropped and lone
surrogates (half of a UTF-16 pair, which UTF-8 cannot encode) become U+FFFD, everywhere in a
request's body, before anything reads it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without NUL characters, each lone surrogate replaced by U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _LONE_SURROGATE.sub("\ufffd", text)


def clean(value: Any) -> Any:
    """A parsed request body (dicts, lists, strings) with every string cleaned, in place."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = clean(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = clean(item)
    elif isinstance(value, str):
        return clean_text(value)
    return value


def clean_body(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
    """Bolt middleware: clean the body, then go on."""
    clean(req.body)
    return next()
