"""`maturity-bot demo`: play the scenario offline and write the summary, report, chart, transcript."""

from __future__ import annotations

import logging
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import typer

from bot.reporting.formats import render, render_chart
from bot.reporting.report import build_report
from devkit.demo import scenario, sequel
from devkit.demo.harness import start
from devkit.demo.inbox import inboxes
from devkit.demo.reading import as_read
from devkit.demo.sequel import Sequel
from questionnaire.usecases.context import load_views
from questionnaire.usecases.people import remember_names

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday morning in Europe


@dataclass(frozen=True)
class DemoFiles:
    summary: str  # the first assessment's channel summary, as read in Slack
    sequel: Sequel
    resummary: str  # the re-assessment's final summary, as read
    portfolio: str  # the lead's `/maturity portfolio`, as read
    report: Path
    chart: Path
    transcript: Path
    database: Path


def run(output_dir: Path, seed: int = 7) -> tuple[scenario.Outcome, DemoFiles]:
    """Play a whole assessment against the Slack stand-in on a fresh SQLite database."""
    output_dir.mkdir(parents=True, exist_ok=True)
    database = output_dir / "demo.sqlite3"
    database.unlink(missing_ok=True)
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    with start(f"sqlite:///{database}", START) as h:
        outcome = scenario.play(h, seed)
        people = [scenario.LEAD[0], *(u for u, _, _ in scenario.HOLDERS.values())]
        outcome.inboxes = inboxes(h, people)
        summary = scenario.summary_text(h)
        more = sequel.play(h, outcome.assessment_id, seed)
        resummary = scenario.summary_text(h, "Final maturity summary")
        names = scenario.people_names()
        reply = more.portfolio
        portfolio = as_read(reply.blocks, scenario.reader_names()) if reply else "(no reply)"
        transcript = output_dir / "transcript.txt"
        transcript.write_text(h.slack.transcript(), encoding="utf-8")
        with h.services.uow() as uow:
            view, previous = load_views(uow, h.team_id, outcome.assessment_id)
        # As `/maturity report` would: it looks everyone up and remembers their names, so the
        # report command below names people as the demo's report does.
        remember_names(h.services.uow, h.clock, h.team_id, names)
        report = build_report(view, previous, names=names, generated_at=h.clock.now())
        report_path = output_dir / "report.html"
        report_path.write_text(render(report, "html"), encoding="utf-8")
        chart = output_dir / "radar.png"
        chart.write_bytes(render_chart(report))
    files = DemoFiles(summary, more, resummary, portfolio, report_path, chart, transcript, database)
    return outcome, files


def report_command(files: DemoFiles, output: Path) -> str:
    """The command that writes the demo's report again from its database."""
    database = f"DATABASE_URL=sqlite:///{files.database}"
    target = shlex.quote(str(output / "report.html"))
    return f"{database} maturity-bot report {shlex.quote(scenario.ASSESSMENT)} -f html -o {target}"


def play(output: Path, seed: int) -> None:
    """`maturity-bot demo`: run the scenario and tell what it produced."""
    outcome, files = run(output, seed)
    typer.echo("=== The summary in #ml-maturity, as it reads in Slack ===")
    typer.echo(files.summary)
    typer.echo(
        "(its thread: per capability item, then the whole plan with the framework's guidance)"
    )
    typer.echo("")
    typer.echo(
        f"=== Two months later: {sequel.REASSESSMENT}, after the team did the "
        f"{len(files.sequel.followed)} steps to the next level ==="
    )
    typer.echo(files.resummary)
    typer.echo("")
    typer.echo(f"=== /maturity portfolio (the lead; with {sequel.SECOND[0]}) ===")
    typer.echo(files.portfolio)
    typer.echo("")
    kinds = ", ".join(f"{n} by {k}" for k, n in sorted(outcome.evidence_kinds.items()))
    typer.echo(
        f"Answered {len(outcome.answers)} requirements; evidence: {kinds}; "
        f"handed off {outcome.handed_off}; reminder DMs sent: {outcome.reminders_sent}."
    )
    typer.echo(
        f"None of the rest is met: {len(outcome.none_met)} questions in one click; "
        f"a thread reply naming no question went to {outcome.picked} through the picker."
    )
    typer.echo("New DMs per person (posts; edits and thread replies apart):")
    for user_id, inbox in outcome.inboxes.items():
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(inbox.posts.items()))
        typer.echo(
            f"  {user_id}: {inbox.new_messages} ({kinds or 'none'}); "
            f"{inbox.edits} edits, {inbox.thread_replies} thread replies"
        )
    typer.echo(f"HTML report:  {files.report}")
    typer.echo(f"Radar chart:  {files.chart}")
    typer.echo(f"Transcript:   {files.transcript}  (every message the bot sent)")
    typer.echo(f"Database:     {files.database}")
    typer.echo("The report again, from the database:")
    typer.echo(f"  {report_command(files, output)}")
