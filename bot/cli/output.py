"""What the command line's report commands share: failing with a message, opening the
database to read, and writing their output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from bot.config.errors import SettingsError
from bot.i18n import _
from storage.errors import DatabaseMissing, DatabaseUnavailable, DatabaseUrlError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.config.settings import Settings
    from questionnaire.ports import UnitOfWorkFactory

DEMO_DATABASE = Path("demo-output") / "demo.sqlite3"  # where `make demo` leaves its database


def load_settings() -> Settings:
    """The settings from the environment: pydantic-settings loads with the first command that
    reads them, not with `--help`."""
    from bot.config.settings import load_settings as load

    return load()


def cli_locale() -> str:
    """The language of the command line's messages: the settings' DEFAULT_LOCALE (English when
    the settings themselves cannot be read: their error says why)."""
    try:
        return load_settings().default_locale
    except SettingsError:
        return os.environ.get("DEFAULT_LOCALE", "en")


def fail(message: str) -> NoReturn:
    """Print `error: message` to stderr and exit 1."""
    typer.secho(_("error: %(message)s") % {"message": message}, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def open_database(settings: Settings, command: str) -> Engine:
    """The database to report from, or exit 1 naming precisely why not (missing, unreachable,
    not migrated); with no DATABASE_URL set and the demo's database here, how to use that."""
    from storage.opening import open_existing

    try:
        return open_existing(settings.database_url)
    except DatabaseMissing as error:
        if "database_url" not in settings.model_fields_set and DEMO_DATABASE.exists():
            fail(
                _("%(error)s; the demo's is %(path)s: %(command)s")
                % {
                    "error": error,
                    "path": DEMO_DATABASE,
                    "command": f"DATABASE_URL=sqlite:///{DEMO_DATABASE} maturity-bot {command}",
                }
            )
        fail(_("%(error)s: set DATABASE_URL to the bot's database") % {"error": error})
    except (DatabaseUnavailable, DatabaseUrlError) as error:
        fail(str(error))


@contextmanager
def reading(settings: Settings, command: str) -> Iterator[UnitOfWorkFactory]:
    """Units of work on the database to report from; exit 1 naming any database problem."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.uow import make_uow_factory

    engine = open_database(settings, command)
    try:
        yield make_uow_factory(engine)
    except DatabaseUnavailable as error:
        fail(str(error))
    except SQLAlchemyError as error:
        fail(
            _("database error (%(kind)s); is it migrated (`maturity-bot db upgrade`)?")
            % {"kind": type(error).__name__}
        )
    finally:
        engine.dispose()


def write_pdf(render: Callable[[], bytes], output: Path) -> None:
    """Write the PDF `render` makes, or exit 1 saying what the PDF renderer lacks."""
    from bot.reporting.pdf import PdfUnavailable

    try:
        write_output(render(), output)
    except PdfUnavailable as error:
        fail(str(error))


def write_output(content: str | bytes, output: Path | None) -> None:
    """Write to `output` (saying so on stderr), else text to stdout."""
    if output is None:
        assert isinstance(content, str), "binary output needs a file"
        sys.stdout.write(content)
        return
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
    typer.echo(_("wrote %(path)s") % {"path": output}, err=True)
