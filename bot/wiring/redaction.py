"""Secrets never reach a log line: credentials in URLs, Slack tokens and configured secrets are
masked in the final text of every record, whichever library logged it (tracebacks included)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MASK = "***"
# scheme://user:password@host → scheme://***@host (a database URL, a proxy, SLACK_API_URL).
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/\s@:]*:[^/\s@]*@")
# Bot, user, app, config and refresh tokens: xoxb-…, xoxp-…, xapp-…, xoxe.xoxp-…
_SLACK_TOKEN = re.compile(r"\b(?:xox[abeoprs]|xapp)[.-][A-Za-z0-9.-]{8,}")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with URL credentials, Slack tokens and each of `secrets` masked."""
    text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    text = _SLACK_TOKEN.sub(MASK, text)
    for secret in secrets:
        if len(secret) >= 6:  # a short value would mask ordinary words
            text = text.replace(secret, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line, traceback included, passes through `redact`."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        """The record as the base formatter writes it, with secrets masked."""
        return redact(super().format(record), self.secrets)


def format_all_handlers(formatter: logging.Formatter) -> None:
    """Give every handler of the root logger `formatter` (one that redacts)."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
