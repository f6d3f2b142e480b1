"""`maturity-bot deliveries`: how delivery of what the bot owes people stands, and a retry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer

from bot.config.settings import SettingsError, load_settings
from storage.errors import DatabaseUnavailable, DatabaseUrlError

if TYPE_CHECKING:
    from bot.config.services import Services

deliveries_app = typer.Typer(
    invoke_without_command=True,
    help="Messages the bot owes people: what waits, what was given up, and retrying it.",
)
SHOWN = 20


def _services() -> Services:
    from bot.wiring.bootstrap import build_services  # imported late: `--help` stays fast

    try:
        return build_services(load_settings())
    except (SettingsError, DatabaseUnavailable, DatabaseUrlError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


def _ago(moment: datetime, now: datetime) -> str:
    seconds = int((now - moment).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


@deliveries_app.callback()
def status(ctx: typer.Context) -> None:
    """Show how many messages wait for delivery and the newest ones given up (exit 1 if any)."""
    if ctx.invoked_subcommand is not None:
        return
    services = _services()
    now = services.clock.now()
    with services.uow() as uow:
        report = uow.outbox.report(SHOWN)
    oldest = (
        f" (oldest queued {_ago(report.oldest_pending, now)} ago)" if report.oldest_pending else ""
    )
    typer.echo(f"waiting: {report.pending}{oldest}; given up: {report.given_up}")
    for dead in report.newest_given_up:
        typer.echo(
            f"  #{dead.id} {dead.team_id} {dead.key}: {dead.attempts} attempts, "
            f"gave up {_ago(dead.given_up_at, now)} ago: {dead.last_error or 'no error recorded'}"
        )
    if report.given_up > len(report.newest_given_up):
        typer.echo(f"  …and {report.given_up - len(report.newest_given_up)} more")
    if report.given_up:
        typer.echo("Fix the cause (the error says it), then: maturity-bot deliveries retry")
        raise typer.Exit(1)


@deliveries_app.command("retry")
def retry(
    ids: list[int] = typer.Argument(None, help="Entry numbers (#…); none: every given-up one."),
) -> None:
    """Try given-up messages again: a running bot delivers them within its poll interval."""
    services = _services()
    with services.uow() as uow:
        revived = uow.outbox.revive(ids or None, services.clock.now())
        uow.commit()
    typer.echo(f"queued again: {revived}")
