"""Which locales a framework's texts have: every `Text` with its path, and the locales some texts
have and others lack (a note for authors, not an error)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from questionnaire.framework import Framework, Text
from questionnaire.loader.problems import Loc, format_path


def texts(framework: Framework) -> Iterator[tuple[str, Text]]:
    """Every text of the framework with its YAML path (`domains[0].items[1].name`), in document
    order."""
    for loc, text in _walk(framework, ()):
        yield format_path(loc), text


def _walk(node: object, loc: Loc) -> Iterator[tuple[Loc, Text]]:
    if isinstance(node, Text):
        yield loc, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), (*loc, name))
    elif isinstance(node, list | tuple):
        for index, child in enumerate(node):
            yield from _walk(child, (*loc, index))


@dataclass(frozen=True)
class LocaleGap:
    """A locale some texts have and `missing` of `total` texts lack, the first at `first`."""

    locale: str
    missing: int
    total: int
    first: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.missing} of {self.total} texts lack it, first at {self.first}"


def locale_gaps(framework: Framework) -> list[LocaleGap]:
    """Each locale that some of the framework's texts have and others lack, in locale order."""
    found = list(texts(framework))
    every = sorted(set().union(*(text.locales() for _, text in found)))
    gaps = []
    for locale in every:
        lacking = [path for path, text in found if locale not in text.locales()]
        if lacking:
            gaps.append(LocaleGap(locale, len(lacking), len(found), lacking[0]))
    return gaps
