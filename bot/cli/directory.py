"""`maturity-bot directory refresh`: fill or refresh the people directory from Slack now."""

from __future__ import annotations

import typer

from bot.cli.output import fail
from bot.cli.run import acting
from bot.i18n import _

directory_app = typer.Typer(
    no_args_is_help=True,
    help="The people directory: names, time zones and account flags, as Slack describes them.",
)


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

    services, workspaces = acting()
    teams = [team] if team else installed_teams(services, workspaces)
    if not teams:
        fail(_("no workspace has an active assessment: name one with --team"))
    for chosen in teams:
        try:
            client = client_in(workspaces, chosen)
            stored = refresh_directory(client, services.uow, services.clock, chosen)
        except NotInstalled as exc:
            fail(str(exc))
        except SlackApiError as exc:
            fail(_("workspace %(team)s: %(reason)s") % {"team": chosen, "reason": explain(exc)})
        typer.echo(_("%(team)s: %(num)d people stored") % {"team": chosen, "num": stored})
