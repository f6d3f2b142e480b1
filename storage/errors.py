"""Database errors the command line reports, importable without loading SQLAlchemy."""

from __future__ import annotations


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message names host and database, never a password."""


class DatabaseUrlError(ValueError):
    """DATABASE_URL is not a SQLite or PostgreSQL URL; the message never repeats the URL (it may
    hold a password)."""


class DatabaseMissing(DatabaseUnavailable):
    """DATABASE_URL names a SQLite file that does not exist (reading would create an empty one)."""
