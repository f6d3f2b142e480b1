"""CLI commands that run the bot: `serve`, `db upgrade`, `remind --now`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.cli.output import fail, load_settings
from bot.config.errors import SettingsError
from bot.i18n import _, ngettext
from storage.errors import DatabaseUnavailable, DatabaseUrlError

if TYPE_CHECKING:
    from bot.config.services import Services
    from bot.slack.workspaces import Workspaces

db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")


def acting() -> tuple[Services, Workspaces]:
    """The services and the workspaces' clients, for a command that acts in Slack (logging
    configured); exits with the reason when the settings or the database are not usable."""
    from bot.wiring.bootstrap import build_services, build_workspaces, configure_logging

    try:
        settings = load_settings()
        configure_logging(settings)
        workspaces = build_workspaces(settings)  # first: a missing token needs no database
        return build_services(settings), workspaces
    except (SettingsError, DatabaseUnavailable, DatabaseUrlError) as exc:
        fail(str(exc))


def serve(
    http: bool = typer.Option(
        False, "--http", help="Serve Slack's HTTP requests instead of Socket Mode."
    ),
    port: int = typer.Option(3000, "--port", help="HTTP port (with --http; 0: any free port)."),
    host: str = typer.Option("0.0.0.0", "--host", help="HTTP bind address (with --http)."),
) -> None:
    """Run the bot: Socket Mode by default, or HTTP at POST /slack/events with GET /healthz."""
    from bot.runtime.serve import StartupError
    from bot.runtime.serve import serve as run
    from bot.wiring.bootstrap import configure_logging

    try:
        settings = load_settings()
        settings.require("http" if http else "socket")
        configure_logging(settings)
        run(settings, http=http, host=host, port=port)
    except (SettingsError, DatabaseUnavailable, DatabaseUrlError, StartupError) as exc:
        fail(str(exc))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest version."""
    from storage.engine import check_database, describe, make_engine
    from storage.migrate import upgrade

    try:
        settings = load_settings()
        engine = make_engine(settings.database_url)
        check_database(engine)
        upgrade(engine)
    except (SettingsError, DatabaseUnavailable, DatabaseUrlError) as exc:
        fail(str(exc))
        return
    typer.echo(_("database is up to date: %(database)s") % {"database": describe(engine)})


def remind(
    now: bool = typer.Option(False, "--now", help="Run one reminder sweep now and exit."),
) -> None:
    """Send the reminders that are due (one sweep), deliver them, then exit."""
    if not now:
        fail(_("reminders run inside `serve` every minute; use --now to run one sweep from here"))
    from bot.delivery.courier import PACE_SECONDS, Courier
    from bot.runtime.scheduler import sweep

    services, workspaces = acting()
    report = sweep(services, workspaces)
    # Deliver what the sweep queued (and anything else due) before exiting; what Slack refuses
    # now stays queued for a running bot's courier to retry after its backoff.
    courier = Courier(services, workspaces, synchronous=True, pace_seconds=PACE_SECONDS)
    delivered = courier.drain()
    with services.uow() as uow:
        waiting = uow.outbox.report(0).pending
    counts = {
        "reminders": ngettext("%(num)d reminder", "%(num)d reminders", report.sent)
        % {"num": report.sent},
        "escalations": ngettext("%(num)d escalation", "%(num)d escalations", report.escalated)
        % {"num": report.escalated},
        "overdue": ngettext(
            "%(num)d overdue notice", "%(num)d overdue notices", report.overdue_notices
        )
        % {"num": report.overdue_notices},
        "delivered": delivered,
        "waiting": waiting,
        "not_due": report.skipped_not_due,
        "nothing": report.skipped_nothing_pending,
        "failed": report.failed,
    }
    typer.echo(
        _(
            "queued %(reminders)s, %(escalations)s, %(overdue)s; delivered %(delivered)d, still "
            "queued %(waiting)d; not due %(not_due)d, nothing pending %(nothing)d, failed "
            "%(failed)d"
        )
        % counts
    )
    if report.failed:
        raise typer.Exit(1)
