"""`maturity-bot report NAME_OR_ID`: write an assessment's report as Markdown, HTML, CSV, JSON
or PDF; `maturity-bot report --portfolio`: every project side by side (see bot/cli/portfolio.py).

Any assessment, active or closed. `--team` (or env SLACK_TEAM_ID) limits the search to one Slack
workspace; without it the name or id is looked up in every workspace of the database (this is an
operator's tool with the database URL), and when several workspaces match, the error lists them.
An id always wins over a name; several assessments of one name in a workspace: the newest.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.cli.output import fail, load_settings, reading, write_output, write_pdf
from bot.cli.portfolio import write_portfolio
from bot.config.errors import SettingsError
from bot.i18n import SUPPORTED, _, current_locale, speaking, supported
from bot.reporting.formats import BINARY_FORMATS, FORMATS, file_stem

if TYPE_CHECKING:
    from bot.config.settings import Settings
    from questionnaire.domain import AssessmentListing
    from questionnaire.ports import UnitOfWorkFactory


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
        fail(
            _("%(name)r matches assessments in %(num)d workspaces; pass --team T… or the id:")
            % {"name": name_or_id, "num": len(teams)}
            + f"\n  {listed}"
        )
    if not found:
        others = _candidates(uow_factory, None, team)[:LISTED_MAX]
        listed = "\n  ".join(c.describe() for c in others) or _("(none)")
        values = {"name": name_or_id, "team": team}
        if team:
            fail(
                _("no assessment %(name)r in workspace %(team)s. Assessments:") % values
                + f"\n  {listed}"
            )
        fail(_("no assessment %(name)r. Assessments:") % values + f"\n  {listed}")
    if len(found) > 1:
        typer.echo(
            _(
                "note: %(num)d assessments are named %(name)r; using the newest, #%(id)d (pass "
                "an id for another)."
            )
            % {"num": len(found), "name": name_or_id, "id": found[0].id},
            err=True,
        )
    return found[0]


def report(
    name_or_id: str | None = typer.Argument(
        None, help="The assessment's name or numeric id (not with --portfolio)."
    ),
    format: str = typer.Option("md", "--format", "-f", help=f"One of {', '.join(FORMATS)}."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here, not stdout (PDF: NAME.pdf when not given)."
    ),
    team: str | None = typer.Option(
        None,
        "--team",
        envvar="SLACK_TEAM_ID",
        help="Slack workspace (team) id; needed only when several workspaces match.",
    ),
    portfolio: bool = typer.Option(
        False, "--portfolio", help="Every project's latest assessment side by side."
    ),
    framework: str | None = typer.Option(
        None, "--framework", help="With --portfolio: the framework id (default: the most used)."
    ),
    anonymised: bool = typer.Option(
        False,
        "--anonymised",
        help="With --portfolio: a shareable benchmark (level counts only) as JSON.",
    ),
    benchmark: Path | None = typer.Option(
        None, "--benchmark", help="With --portfolio: each project's percentiles against this."
    ),
    locale: str | None = typer.Option(
        None,
        "--locale",
        help="The report's language: en or zh (zh-CN and the like too); default: DEFAULT_LOCALE.",
    ),
) -> None:
    """Write an assessment's report (levels, every requirement, the improvement plan, the
    chart), or with --portfolio every project's levels side by side."""
    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        fail(
            _("unknown format %(format)r: use one of %(formats)s.")
            % {"format": format, "formats": ", ".join(FORMATS)}
        )
    try:
        settings = load_settings()
    except SettingsError as error:
        fail(str(error))
    if locale and supported(locale) == "en" and not locale.lower().startswith("en"):
        fail(
            _("no catalog for %(locale)r: use one of %(locales)s.")
            % {"locale": locale, "locales": ", ".join(SUPPORTED)}
        )
    with speaking(locale or settings.default_locale):
        if portfolio:
            if name_or_id:
                fail(_("--portfolio covers every project: name no assessment."))
            write_portfolio(
                settings, _command(), fmt, output, team, framework, anonymised, benchmark
            )
        elif not name_or_id:
            fail(_("name an assessment (or its id), or pass --portfolio."))
        else:
            _write_report(settings, name_or_id, fmt, output, team)


def _command() -> str:
    """The command as typed, for messages that show how to run it differently."""
    args = sys.argv[1:]
    return shlex.join(args) if args[:1] == ["report"] else "report …"


def _write_report(
    settings: Settings, name_or_id: str, fmt: str, output: Path | None, team: str | None
) -> None:
    # Imported here, not at the top: `maturity-bot --help` loads neither SQLAlchemy nor charts.
    from bot.reporting.formats import render, render_chart, render_pdf
    from bot.reporting.report import build_report
    from questionnaire.usecases.context import load_views

    with reading(settings, _command()) as uow_factory:
        chosen = _choose(uow_factory, name_or_id, team)
        with uow_factory() as uow:
            view, previous = load_views(uow, chosen.team_id, chosen.id)
            names = uow.people.names(chosen.team_id)  # as the bot last saw them in Slack
    built = build_report(view, previous, names=names, locale=current_locale())
    if fmt in BINARY_FORMATS:
        stem = file_stem(view.assessment.name)
        write_pdf(lambda: render_pdf(built), output or Path(f"{stem}-maturity-report.pdf"))
        return
    chart_href = None
    if fmt == "md" and output is not None:
        chart = output.with_suffix(".png")
        chart.write_bytes(render_chart(built))
        chart_href = chart.name
    write_output(render(built, fmt, chart_href=chart_href), output)
