"""`maturity-bot report NAME_OR_ID`: write an assessment's report as Markdown, HTML, CSV or JSON.

Any assessment, active or closed. `--team` (or env SLACK_TEAM_ID) limits the search to one Slack
workspace; without it the name or id is looked up in every workspace of the database (this is an
operator's tool with the database URL), and when several workspaces match, the error lists them.
An id always wins over a name; several assessments of one name in a workspace: the newest.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from bot.config.settings import SettingsError, load_settings
from bot.reporting.formats import FORMATS
from storage.errors import DatabaseUnavailable, DatabaseUrlError

if TYPE_CHECKING:
    from questionnaire.domain import AssessmentListing
    from questionnaire.ports import UnitOfWorkFactory


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


LISTED_MAX = 15  # assessments named in an error message


def _candidates(
    uow_factory: UnitOfWorkFactory, name_or_id: str | None, team: str | None
) -> list[AssessmentListing]:
    """Assessments whose id or (case-insensitive) name is `name_or_id`, newest first."""
    with uow_factory() as uow:
        return uow.assessments.across_workspaces(name_or_id, team)


def _choose(uow_factory: UnitOfWorkFactory, name_or_id: str, team: str | None) -> AssessmentListing:
    """The one assessment meant, or exit 1 with the ones that could be meant."""
    found = _candidates(uow_factory, name_or_id, team)
    by_id = [c for c in found if name_or_id.isdigit() and c.id == int(name_or_id)]
    if by_id:
        return by_id[0]
    teams = list(dict.fromkeys(c.team_id for c in found))
    if len(teams) > 1:
        listed = "\n  ".join(c.describe() for c in found[:LISTED_MAX])
        _fail(
            f"{name_or_id!r} matches assessments in {len(teams)} workspaces; pass --team T… "
            f"or the id:\n  {listed}"
        )
    if not found:
        where = f" in workspace {team}" if team else ""
        others = _candidates(uow_factory, None, team)[:LISTED_MAX]
        listed = "\n  ".join(c.describe() for c in others) or "(none)"
        _fail(f"no assessment {name_or_id!r}{where}. Assessments:\n  {listed}")
    if len(found) > 1:
        typer.echo(
            f"note: {len(found)} assessments are named {name_or_id!r}; using the newest, "
            f"#{found[0].id} (pass an id for another).",
            err=True,
        )
    return found[0]


def report(
    name_or_id: str = typer.Argument(..., help="The assessment's name or numeric id."),
    format: str = typer.Option("md", "--format", "-f", help=f"One of {', '.join(FORMATS)}."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    team: str | None = typer.Option(
        None,
        "--team",
        envvar="SLACK_TEAM_ID",
        help="Slack workspace (team) id; needed only when several workspaces match.",
    ),
) -> None:
    """Write an assessment's report: levels, every requirement, the improvement plan, the chart."""
    # Imported here, not at the top: `maturity-bot --help` loads neither SQLAlchemy nor charts.
    from sqlalchemy.exc import SQLAlchemyError

    from bot.reporting.formats import render, render_chart
    from bot.reporting.report import build_report
    from questionnaire.usecases.context import load_views
    from storage.engine import make_engine
    from storage.uow import make_uow_factory

    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"unknown format {format!r}: use one of {', '.join(FORMATS)}.")
    try:
        settings = load_settings()
        engine = make_engine(settings.database_url)
    except (SettingsError, DatabaseUrlError) as error:
        _fail(str(error))
    try:
        uow_factory = make_uow_factory(engine)
        chosen = _choose(uow_factory, name_or_id, team)
        with uow_factory() as uow:
            view, previous = load_views(uow, chosen.team_id, chosen.id)
    except DatabaseUnavailable as error:
        _fail(str(error))
    except SQLAlchemyError as error:
        _fail(
            f"database error ({type(error).__name__}); is it migrated (`maturity-bot db upgrade`)?"
        )
    finally:
        engine.dispose()
    built = build_report(view, previous, locale=settings.default_locale)
    chart_href = None
    if fmt == "md" and output is not None:
        chart = output.with_suffix(".png")
        chart.write_bytes(render_chart(built))
        chart_href = chart.name
    text = render(built, fmt, chart_href=chart_href)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)
