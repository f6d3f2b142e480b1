"""Bulk reads by key list: IN-lists are split so no statement exceeds a driver's parameter limit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Far below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters per statement, and large
# enough that a sweep over thousands of people takes a handful of statements.
IN_LIST_SIZE = 1000


def in_chunks(keys: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[list[T]]:
    """The distinct keys, in lists of at most `size` (none for no keys)."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]
