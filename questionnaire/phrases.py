"""Messages the use cases write for people, kept translatable without knowing the reader.

A `Phrase` is the English text (a `str`, so logs and tests read it as before) that also keeps
its template and parameters: the bot translates the template into the reader's language and
fills it in again (`bot.i18n.said`). `N_` marks a template for the catalogs."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Marks `message` for the catalogs; translated where it is shown."""
    return message


class Phrase(str):
    """`Phrase(N_("“%(name)s” is closed."), name=a.name)`: reads as the English text."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Phrase:
        text = super().__new__(cls, template % params if params else template)
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the template
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Phrase:
    return Phrase(template, **params)
