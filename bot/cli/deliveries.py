"""`maturity-bot deliveries`: how delivery of what the bot owes people stands, and a retry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer

from bot.cli.output import load_settings
from bot.config.errors import SettingsError
from bot.i18n import _, ngettext
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
        typer.secho(_("error: %(message)s") % {"message": exc}, fg=typer.colors.RED, err=True)
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
        _(" (oldest queued %(ago)s ago)") % {"ago": _ago(report.oldest_pending, now)}
        if report.oldest_pending
        else ""
    )
    typer.echo(
        _("waiting: %(pending)d%(oldest)s; given up: %(given_up)d")
        % {"pending": report.pending, "oldest": oldest, "given_up": report.given_up}
    )
    for dead in report.newest_given_up:
        attempts = ngettext("%(num)d attempt", "%(num)d attempts", dead.attempts) % {
            "num": dead.attempts
        }
        typer.echo(
            f"  #{dead.id} {dead.team_id} {dead.key}: "
            + _("%(attempts)s, gave up %(ago)s ago: %(error)s")
            % {
                "attempts": attempts,
                "ago": _ago(dead.given_up_at, now),
                "error": dead.last_error or _("no error recorded"),
            }
        )
    if report.given_up > len(report.newest_given_up):
        more = report.given_up - len(report.newest_given_up)
        typer.echo("  " + _("…and %(num)d more") % {"num": more})
    if report.given_up:
        typer.echo(_("Fix the cause (the error says it), then: maturity-bot deliveries retry"))
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
    typer.echo(_("queued again: %(num)d") % {"num": revived})
