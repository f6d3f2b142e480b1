"""Errors a use case raises for the bot to turn into a clear message."""

from __future__ import annotations


class UseCaseError(Exception):
    """Base class: the message is safe to show to the person who asked."""


class NotFound(UseCaseError):
    pass


class NotAllowed(UseCaseError):
    pass


class Closed(UseCaseError):
    pass


class Duplicate(UseCaseError):
    """The same request again (a double-submitted modal, a retried event): nothing was done."""


class Invalid(UseCaseError):
    """Input that fails validation; `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        # One field: its message itself (a Phrase keeps its template for the bot to translate).
        messages = list(fields.values())
        super().__init__(messages[0] if len(messages) == 1 else "; ".join(messages))
        self.fields = fields
