"""The schema revision the code ships and the one a database is at, read without Alembic: the
bot checks both at every start and every /readyz probe, and Alembic (with every migration script
it loads) costs some 11 MiB and a few hundred milliseconds; it is imported only to migrate."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

VERSION_TABLE = "alembic_version"  # Alembic's default, as storage/migrations/env.py keeps it
VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_ASSIGNED = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:None|[\"']([^\"']+)[\"'])\s*$", re.M
)


@cache
def shipped_head() -> str:
    """The newest revision among the migration scripts (what Alembic's `head` names)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        found = dict((name, value) for name, value in _ASSIGNED.findall(path.read_text("utf-8")))
        if "revision" not in found:
            continue
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have one head, not {sorted(heads)}")
    return str(heads.pop())


def database_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):  # asked, not failed: no error
            return None
        found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if found is None else str(found)
