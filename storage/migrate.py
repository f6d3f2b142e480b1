"""Run the Alembic migrations shipped inside this package, without an alembic.ini in the cwd."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from .engine import make_engine

PACKAGE_DIR = Path(__file__).resolve().parent


def alembic_config() -> Config:
    """Alembic configuration pointing at storage/migrations."""
    config = Config(str(PACKAGE_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PACKAGE_DIR / "migrations"))
    return config


def upgrade(url_or_engine: str | URL | Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the newest)."""
    if not isinstance(url_or_engine, Engine):
        engine = make_engine(url_or_engine)
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        return
    config = alembic_config()
    with url_or_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str | None:
    """The newest revision shipped with the code, as Alembic reads it (the bot reads it without
    Alembic: storage.revision.shipped_head, which the tests hold to this)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
