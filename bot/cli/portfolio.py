"""`maturity-bot report --portfolio`: every project's latest assessment of one framework side by
side, an anonymised benchmark of it (`--anonymised`), or it against a benchmark (`--benchmark`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.cli.output import fail, reading, write_output, write_pdf
from bot.i18n import _, current_locale

if TYPE_CHECKING:
    from bot.config.settings import Settings
    from questionnaire.ports import UnitOfWorkFactory
    from questionnaire.readmodels.benchmark import Benchmark
    from questionnaire.readmodels.portfolio import Portfolio

ALL = 1_000_000  # assessments listed to find the workspaces a database holds


def write_portfolio(
    settings: Settings,
    command: str,
    fmt: str,
    output: Path | None,
    team: str | None,
    framework: str | None,
    anonymised: bool,
    benchmark_file: Path | None,
) -> None:
    """Write the portfolio (or its anonymised benchmark) in `fmt` to `output` or stdout."""
    from bot.reporting.formats import file_stem
    from bot.reporting.pdf import html_to_pdf
    from bot.reporting.portfolio.document import PortfolioReport
    from bot.reporting.portfolio.render import render_portfolio
    from questionnaire.readmodels.benchmark import anonymise

    benchmark = _read_benchmark(benchmark_file) if benchmark_file else None
    with reading(settings, command) as uow_factory:
        portfolio = _gather(uow_factory, team, framework, current_locale())
    if anonymised:
        write_output(anonymise(portfolio).model_dump_json(indent=2) + "\n", output)
        return
    if benchmark and benchmark.framework_id != portfolio.framework.id:
        fail(
            f"the benchmark is of framework {benchmark.framework_id!r}, not {portfolio.framework.id!r}."
        )
    report = PortfolioReport(portfolio, datetime.now(UTC), benchmark)
    if fmt == "pdf":
        html = render_portfolio(report, "html")
        write_pdf(
            lambda: html_to_pdf(html),
            output or Path(f"{file_stem(portfolio.framework.id)}-portfolio.pdf"),
        )
        return
    write_output(render_portfolio(report, fmt), output)


def _gather(
    uow_factory: UnitOfWorkFactory, team: str | None, framework: str | None, locale: str
) -> Portfolio:
    """The portfolio of the one workspace meant and its framework, or exit 1 saying why."""
    from questionnaire.readmodels.portfolio import read_portfolio

    with uow_factory() as uow:
        listed = uow.assessments.across_workspaces(None, team, limit=ALL)
    teams = sorted({listing.team_id for listing in listed})
    if not teams:
        if team:
            fail(_("no assessments in workspace %(team)s.") % {"team": team})
        fail(_("no assessments."))
    if len(teams) > 1:
        fail(
            _("assessments in %(num)d workspaces (%(teams)s): pass --team T….")
            % {"num": len(teams), "teams": ", ".join(teams)}
        )
    found, used = read_portfolio(uow_factory, teams[0], framework, locale)
    if found is None:
        fail(
            _("no assessment of framework %(framework)r; assessed: %(used)s.")
            % {"framework": framework, "used": ", ".join(used)}
        )
    if framework is None and len(used) > 1:
        others = ", ".join(used[1:])
        typer.echo(
            _("note: the portfolio of %(framework)s; also assessed: %(others)s (--framework).")
            % {"framework": used[0], "others": others},
            err=True,
        )
    return found


def _read_benchmark(path: Path) -> Benchmark:
    """A benchmark file written by `--anonymised`, or exit 1 saying what is wrong with it."""
    from pydantic import ValidationError

    from questionnaire.readmodels.benchmark import Benchmark

    try:
        return Benchmark.model_validate_json(path.read_bytes())
    except OSError as error:
        fail(
            _("cannot read the benchmark %(path)s: %(reason)s")
            % {"path": path, "reason": error.strerror}
        )
    except ValidationError as error:
        fail(
            f"{path} is not a benchmark written by `report --portfolio --anonymised`: {error.errors()[0]['msg']}"
        )
