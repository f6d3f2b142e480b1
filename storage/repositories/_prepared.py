"""Statements built once per process and executed with parameters.

Building a SQLAlchemy statement (and its cache key) costs more Python than running a small one
on SQLite: the statements of every click (the answer's upsert, the history row, the outbox row,
the delivery recorded) are built on first use, per backend, and then only executed with their
values as parameters (SQLAlchemy's compiled cache then finds them at once)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from threading import Lock

from sqlalchemy import Executable

_BUILT: dict[Hashable, Executable] = {}
_LOCK = Lock()


def prepared(key: Hashable, build: Callable[[], Executable]) -> Executable:
    """The statement built for `key` (built by `build` on first use)."""
    found = _BUILT.get(key)
    if found is None:
        with _LOCK:
            found = _BUILT.setdefault(key, build())
    return found
