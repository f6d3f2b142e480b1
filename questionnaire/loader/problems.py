"""What the framework loader reports: a `Problem` per mistake, all of them in a `FrameworkError`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Loc = tuple[str | int, ...]


def format_path(loc: Iterable[str | int]) -> str:
    """`('domains', 0, 'items')` -> `domains[0].items`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Problem:
    """One mistake in a framework file: where it is (file, YAML path, line) and what is wrong."""

    file: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class FrameworkError(Exception):
    """A framework file could not be loaded; `problems` lists every mistake found in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    @property
    def file(self) -> str:
        """The file the (first) problem is in."""
        return self.problems[0].file if self.problems else ""

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def describe(value: object) -> str:
    """A short human description of a YAML value, for "found ..." in messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}' (text)" if value else "empty text"
    if isinstance(value, list):
        if not value:
            return "an empty list"
        return f"a list of {len(value)} {'entry' if len(value) == 1 else 'entries'}"
    if isinstance(value, dict):
        keys = ", ".join(str(key) for key in list(value)[:5])
        return f"a mapping (keys: {keys})" if value else "an empty mapping"
    return f"{value} (a {type(value).__name__})"
