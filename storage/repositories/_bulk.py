"""Bulk reads by key list: IN-lists are split so no statement exceeds a driver's parameter limit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, String, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")

# Far below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters per statement, and large
# enough that a sweep over thousands of people takes a handful of statements.
IN_LIST_SIZE = 1000


def in_chunks(keys: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[list[T]]:
    """The distinct keys, in lists of at most `size` (none for no keys)."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def among(
    session: Session, column: InstrumentedAttribute[Any], keys: Sequence[Any]
) -> ColumnElement[bool]:
    """`column IN keys`. On PostgreSQL, `column = ANY(keys)` with the keys as one array
    parameter: the statement's text is the same whatever the keys (psycopg parses a text
    longer than it caches anew on every run, as a 1,000-key IN-list is, and the server can
    keep the statement prepared). A string column's keys go as text, not cut to the column's
    length (a cast to VARCHAR(64)[] would cut a longer key and match an id it is not)."""
    if session.get_bind().dialect.name == "postgresql":
        item = String() if isinstance(column.type, String) else column.type
        return column == any_(bindparam(None, list(keys), type_=ARRAY(item)))
    return column.in_(keys)
