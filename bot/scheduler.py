"""APScheduler wiring: fixed in-memory ticks; the work itself is claimed in the database."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from questionnaire.reminders import run_sweep

from . import summaries
from .notifier import SlackNotifier
from .services import Services
from .slack_io import Directory

log = logging.getLogger(__name__)
PACE_SECONDS = 1.1  # about one DM per second keeps a large sweep inside chat.postMessage limits


def reminder_tick(services: Services, client: WebClient, directory: Directory) -> None:
    report = run_sweep(
        services.uow,
        services.clock,
        directory,
        SlackNotifier(client, services.locale, PACE_SECONDS),
    )
    if report.sent or report.failed or report.escalated:
        log.info("reminder sweep: %s", report)


def digest_tick(services: Services, client: WebClient, directory: Directory) -> None:
    posted = summaries.weekly_digest(services, client, services.clock.now(), directory=directory)
    if posted:
        log.info("weekly digests posted: %d", posted)


def start_scheduler(services: Services, client: WebClient) -> BackgroundScheduler:
    """Tick every minute; each tick re-reads due work, so restarts and replicas lose nothing."""
    scheduler = BackgroundScheduler(
        timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1}
    )
    directory = Directory(client)
    scheduler.add_job(
        reminder_tick, "interval", minutes=1, args=[services, client, directory], id="reminders"
    )
    scheduler.add_job(
        digest_tick, "interval", minutes=1, args=[services, client, directory], id="digests"
    )
    scheduler.start()
    return scheduler
