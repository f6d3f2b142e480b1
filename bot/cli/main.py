"""The `maturity-bot` command line: a thin composition of the sub-commands beside it."""

from __future__ import annotations

import typer

from bot.cli.deliveries import deliveries_app
from bot.cli.demo import demo
from bot.cli.directory import directory_app
from bot.cli.framework import framework_app
from bot.cli.output import cli_locale
from bot.cli.report import report
from bot.cli.run import db_app, remind, serve
from bot.i18n import speaking

app = typer.Typer(
    no_args_is_help=True,
    help="Maturity Bot: run capability-maturity self-assessments in Slack.",
)


@app.callback()
def _language(ctx: typer.Context) -> None:
    # Every command's messages speak DEFAULT_LOCALE (`report --locale` may choose another).
    ctx.with_resource(speaking(cli_locale()))


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
