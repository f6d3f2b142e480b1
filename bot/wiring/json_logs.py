"""LOG_FORMAT=json: one JSON object per line, with the request's ids, secrets masked."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.wiring.redaction import redact
from bot.wiring.request_context import current_ids


class JsonFormatter(logging.Formatter):
    """time, level, logger and message, the workspace, user and request ids when known, and the
    traceback; every text passes through `redact`, as with the text format."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **current_ids(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps({key: redact(value, self.secrets) for key, value in entry.items()})
