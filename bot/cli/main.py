"""The `maturity-bot` command line: a thin composition of the sub-commands beside it."""

from __future__ import annotations

import typer

from bot.cli.deliveries import deliveries_app
from bot.cli.demo import demo
from bot.cli.directory import directory_app
from bot.cli.framework import framework_app
from bot.cli.report import report
from bot.cli.run import db_app, remind, serve

app = typer.Typer(
    no_args_is_help=True,
    help="Maturity Bot: run capability-maturity self-assessments in Slack.",
)
app.add_typer(framework_app, name="framework")
app.add_typer(db_app, name="db")
app.add_typer(deliveries_app, name="deliveries")
app.add_typer(directory_app, name="directory")
app.command("serve")(serve)
app.command("remind")(remind)
app.command("demo")(demo)
app.command("report")(report)


def main() -> None:
    """Entry point of the `maturity-bot` console script."""
    app()
