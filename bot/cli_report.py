"""`maturity-bot report NAME_OR_ID`: write an assessment's report as Markdown, HTML, CSV or JSON.

The workspace is `--team`, else env SLACK_TEAM_ID, else the only workspace that has an active
assessment (repositories never look up an assessment across workspaces).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer
from sqlalchemy.exc import SQLAlchemyError

from questionnaire.domain import Assessment
from questionnaire.ports import UnitOfWork
from storage.engine import DatabaseUnavailable, make_engine
from storage.uow import make_uow_factory

from .reports import FORMATS, build_report, render, render_chart
from .settings import SettingsError, load_settings
from .summaries import load_views


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _team(uow: UnitOfWork, team: str | None) -> str:
    if team:
        return team
    teams = uow.assessments.active_teams()
    if len(teams) == 1:
        return teams[0]
    found = ", ".join(teams) or "none with an active assessment"
    _fail(f"which workspace? Pass --team T… or set SLACK_TEAM_ID (workspaces: {found}).")


def _find(uow: UnitOfWork, team: str, name_or_id: str) -> Assessment:
    found = None
    if name_or_id.isdigit():
        found = uow.assessments.get(team, int(name_or_id))
    found = found or uow.assessments.by_name(team, name_or_id)
    if found is None:
        _fail(f"no assessment {name_or_id!r} in workspace {team}.")
    return found


def report(
    name_or_id: str = typer.Argument(..., help="The assessment's name or numeric id."),
    format: str = typer.Option("md", "--format", "-f", help=f"One of {', '.join(FORMATS)}."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    team: str | None = typer.Option(
        None, "--team", envvar="SLACK_TEAM_ID", help="Slack workspace (team) id."
    ),
) -> None:
    """Write an assessment's report: levels, every requirement, the improvement plan, the chart."""
    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"unknown format {format!r}: use one of {', '.join(FORMATS)}.")
    try:
        settings = load_settings()
        engine = make_engine(settings.database_url)
    except (SettingsError, ValueError) as error:
        _fail(str(error))
    try:
        with make_uow_factory(engine)() as uow:
            team_id = _team(uow, team)
            assessment = _find(uow, team_id, name_or_id)
            assert assessment.id is not None
            view, previous = load_views(uow, team_id, assessment.id)
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
