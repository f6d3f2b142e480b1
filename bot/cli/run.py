"""CLI commands that run the bot: `serve`, `db upgrade`, `remind --now`."""

from __future__ import annotations

import typer

from bot.config.settings import SettingsError, load_settings
from storage.errors import DatabaseUnavailable, DatabaseUrlError

db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


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
        _fail(str(exc))


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
        _fail(str(exc))
        return
    typer.echo(f"database is up to date: {describe(engine)}")


def remind(
    now: bool = typer.Option(False, "--now", help="Run one reminder sweep now and exit."),
) -> None:
    """Send the reminders that are due (one sweep), deliver them, then exit."""
    if not now:
        _fail("reminders run inside `serve` every minute; use --now to run one sweep from here")
    from bot.delivery.courier import PACE_SECONDS, Courier
    from bot.slack.mrkdwn import plural
    from bot.slack.webapi import Directory
    from bot.wiring.bootstrap import build_services, configure_logging, slack_client
    from questionnaire.reminders.sweep import run_sweep

    try:
        settings = load_settings()
        configure_logging(settings)
        if settings.slack_bot_token is None:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set: reminders are sent as the bot. See docs/setup.md."
            )
        services = build_services(settings)
    except (SettingsError, DatabaseUnavailable, DatabaseUrlError) as exc:
        _fail(str(exc))
        return
    client = slack_client(settings, settings.slack_bot_token)
    report = run_sweep(services.uow, services.clock, Directory(client))
    # Deliver what the sweep queued (and anything else due) before exiting; what Slack refuses
    # now stays queued for a running bot's courier to retry after its backoff.
    delivered = Courier(services, client, synchronous=True, pace_seconds=PACE_SECONDS).drain()
    with services.uow() as uow:
        waiting = uow.outbox.report(0).pending
    typer.echo(
        f"queued {plural(report.sent, 'reminder', 'reminders')}, "
        f"{plural(report.escalated, 'escalation', 'escalations')}, "
        f"{plural(report.overdue_notices, 'overdue notice', 'overdue notices')}; "
        f"delivered {delivered}, still queued {waiting}; not due {report.skipped_not_due}, "
        f"nothing pending {report.skipped_nothing_pending}, failed {report.failed}"
    )
    if report.failed:
        raise typer.Exit(1)
