"""`maturity-bot demo`: play the scenario offline and write the summary, report, chart, transcript."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import typer

from bot.reporting.formats import render, render_chart
from bot.reporting.report import build_report
from devkit.demo import scenario
from devkit.demo.harness import start
from devkit.demo.inbox import inboxes
from questionnaire.usecases.context import load_views

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday morning in Europe


@dataclass(frozen=True)
class DemoFiles:
    summary: str
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
        transcript = output_dir / "transcript.txt"
        transcript.write_text(h.slack.transcript(), encoding="utf-8")
        with h.services.uow() as uow:
            view, previous = load_views(uow, h.team_id, outcome.assessment_id)
        names = {u: name for u, name, _ in [scenario.LEAD, *scenario.HOLDERS.values()]}
        report = build_report(view, previous, names=names, generated_at=h.clock.now())
        report_path = output_dir / "report.html"
        report_path.write_text(render(report, "html"), encoding="utf-8")
        chart = output_dir / "radar.png"
        chart.write_bytes(render_chart(report))
    return outcome, DemoFiles(summary, report_path, chart, transcript, database)


def play(output: Path, seed: int) -> None:
    """`maturity-bot demo`: run the scenario and tell what it produced."""
    outcome, files = run(output, seed)
    typer.echo("=== Channel summary posted to #" + "ml-maturity ===")
    typer.echo(files.summary)
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
