"""APScheduler wiring: fixed in-memory ticks; the work itself is claimed in the database."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from questionnaire.reminders import run_sweep
from questionnaire.retention import prune

from . import digests
from .notifier import SlackNotifier
from .services import Delivery, Services
from .slack_io import Directory

log = logging.getLogger(__name__)
# chat.postMessage allows about one message per second per channel, and every reminder goes to a
# different DM; the workspace-wide ceiling is a few hundred a minute. Five a second stays under
# it, and a 429 is still waited out (Retry-After) by the client's retry handler.
PACE_SECONDS = 0.2
PRUNE_AT = {"hour": 3, "minute": 17}  # UTC, daily: a quiet hour, off the round minute


def reminder_tick(
    services: Services, client: WebClient, directory: Directory, pace: float = PACE_SECONDS
) -> None:
    """One reminder sweep over every workspace, paced at `pace` seconds per DM."""
    report = run_sweep(
        services.uow,
        services.clock,
        directory,
        SlackNotifier(client, services.locale, pace),
    )
    if report.sent or report.failed or report.escalated:
        log.info("reminder sweep: %s", report)


def digest_tick(services: Services, client: WebClient, directory: Directory) -> None:
    """Post the weekly channel digests that are due."""
    posted = digests.weekly_digest(services, client, services.clock.now(), directory=directory)
    if posted:
        log.info("weekly digests posted: %d", posted)


def prune_tick(services: Services) -> None:
    """Delete what is kept past its retention: event ids, reminder claims, ended snoozes and
    delivered outbox entries."""
    pruned = prune(services.uow, services.clock)
    log.info(
        "pruned %d processed events, %d reminder claims, %d ended snoozes "
        "and %d delivered outbox entries",
        pruned.events,
        pruned.reminder_claims,
        pruned.snoozes,
        pruned.outbox,
    )


def build_scheduler(
    services: Services, client: WebClient, *, pace: float = PACE_SECONDS
) -> BackgroundScheduler:
    """The jobs, not started: each tick re-reads due work, so restarts and replicas lose nothing.

    A tick that overruns (a paced sweep over many people) is not run twice at once, and missed
    runs collapse into one."""
    scheduler = BackgroundScheduler(
        timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1}
    )
    directory = Directory(client)
    scheduler.add_job(
        reminder_tick,
        "interval",
        minutes=1,
        args=[services, client, directory, pace],
        id="reminders",
    )
    scheduler.add_job(
        digest_tick, "interval", minutes=1, args=[services, client, directory], id="digests"
    )
    scheduler.add_job(prune_tick, "cron", **PRUNE_AT, args=[services], id="prune")
    return scheduler


def start_scheduler(
    services: Services, client: WebClient, courier: Delivery | None = None
) -> BackgroundScheduler:
    """Build the jobs and start ticking in a background thread."""
    scheduler = build_scheduler(services, client)
    scheduler.start()
    return scheduler
