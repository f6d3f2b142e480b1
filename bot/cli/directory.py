"""`maturity-bot directory refresh`: fill or refresh the people directory from Slack now."""

from __future__ import annotations

from typing import NoReturn

import typer

from bot.config.settings import SettingsError, load_settings
from storage.errors import DatabaseUnavailable, DatabaseUrlError

directory_app = typer.Typer(
    no_args_is_help=True,
    help="The people directory: names, time zones and account flags, as Slack describes them.",
)


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@directory_app.command("refresh")
def refresh(
    team: str | None = typer.Option(
        None, "--team", help="One workspace (team id); default: each with active assessments."
    ),
) -> None:
    """Store every member of the workspace from Slack's users.list, paced to its rate limit
    (a running bot does this nightly; run it after installing, to fill the directory now)."""
    # Imported late: `--help` stays fast.
    from slack_sdk.errors import SlackApiError

    from bot.runtime.scheduler import installed_teams
    from bot.slack.people import refresh_directory
    from bot.slack.webapi import explain
    from bot.slack.workspaces import NotInstalled, client_in
    from bot.wiring.bootstrap import build_services, build_workspaces, configure_logging

    try:
        settings = load_settings()
        configure_logging(settings)
        workspaces = build_workspaces(settings)
        services = build_services(settings)
    except (SettingsError, DatabaseUnavailable, DatabaseUrlError) as exc:
        _fail(str(exc))
    teams = [team] if team else installed_teams(services, workspaces)
    if not teams:
        _fail("no workspace has an active assessment: name one with --team")
    for chosen in teams:
        try:
            client = client_in(workspaces, chosen)
            stored = refresh_directory(client, services.uow, services.clock, chosen)
        except NotInstalled as exc:
            _fail(str(exc))
        except SlackApiError as exc:
            _fail(f"workspace {chosen}: {explain(exc)}")
        typer.echo(f"{chosen}: {stored} people stored")
