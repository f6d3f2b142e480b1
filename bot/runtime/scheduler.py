"""APScheduler wiring: fixed in-memory ticks; the work itself is claimed in the database."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config.services import Delivery, Services
from bot.runtime.ticks import EVERY_WORKSPACE, shuffled, take, tick_of
from bot.slack.directory import Directory
from bot.slack.people import PAGE_PACE_SECONDS, refresh_directory
from bot.slack.workspaces import Workspaces, client_in
from questionnaire.reminders.sweep import SweepReport, run_sweep
from questionnaire.retention import prune
from questionnaire.usecases.digest import queue_weekly_digests
from questionnaire.usecases.people import first_refresh_today

log = logging.getLogger(__name__)
ZERO = timedelta(0)
PRUNE_AT = {"hour": 3, "minute": 17}  # UTC, daily: a quiet hour, off the round minute
DIRECTORY_AT = {"hour": 2, "minute": 43}  # UTC, nightly: the people directory's refresh


def installed_teams(services: Services, workspaces: Workspaces) -> list[str]:
    """The workspaces with active assessments that the app is installed in: the others (an
    uninstalled workspace's assessments stay until an admin deletes them) are not swept."""
    with services.uow() as uow:
        teams = uow.assessments.active_teams()
    return [team for team in teams if workspaces.client_for(team) is not None]


def sweep(services: Services, workspaces: Workspaces, pace: timedelta = ZERO) -> SweepReport:
    """One reminder sweep over the installed workspaces this process takes this tick, each
    with its own client; a workspace's reminders are due `pace` apart."""
    teams = shuffled(installed_teams(services, workspaces))
    tick = tick_of(services.clock.now(), services.settings.sweep_seconds)
    return run_sweep(
        services.uow,
        services.clock,
        Directory(workspaces, services.uow, services.clock),
        team_ids=teams,
        take=lambda team: take(services, team, "reminders", tick),
        pace=pace,
    )


def reminder_tick(services: Services, courier: Delivery, workspaces: Workspaces) -> None:
    """One reminder sweep over every installed workspace; the courier delivers what it queued."""
    started = time.perf_counter()
    report = sweep(services, workspaces, courier.pace)
    services.observer.sweep(time.perf_counter() - started, report.sent)
    if report.sent or report.escalated or report.overdue_notices:
        courier.kick()
    if report.sent or report.failed or report.escalated or report.overdue_notices:
        log.info("reminder sweep: %s", report)


def digest_tick(services: Services, courier: Delivery, workspaces: Workspaces) -> None:
    """Queue the weekly channel digests that are due in installed workspaces; the courier
    posts them."""
    tick = tick_of(services.clock.now(), services.settings.sweep_seconds)
    everyone = shuffled(installed_teams(services, workspaces))
    teams = [team for team in everyone if take(services, team, "digests", tick)]
    queued = queue_weekly_digests(
        services.uow,
        services.clock,
        Directory(workspaces, services.uow, services.clock),
        team_ids=teams,
    )
    if queued:
        courier.kick()
        log.info("weekly digests queued: %d", queued)


def directory_tick(
    services: Services, workspaces: Workspaces, pace_seconds: float = PAGE_PACE_SECONDS
) -> int:
    """Refresh the people directory of every installed workspace with active assessments from
    `users.list` (once a night across processes); returns how many people were stored. One
    workspace failing does not stop the others: Slack's user events and `users.info` cover it."""
    stored = 0
    for team in installed_teams(services, workspaces):
        if not first_refresh_today(services.uow, services.clock, team):
            continue  # another process refreshes it tonight
        try:
            client = client_in(workspaces, team)
            stored += refresh_directory(client, services.uow, services.clock, team, pace_seconds)
        except Exception:
            log.warning("people directory of %s not refreshed", team, exc_info=True)
    return stored


def prune_tick(services: Services) -> None:
    """Delete what is kept past its retention: event ids, reminder claims, ended snoozes and
    delivered outbox entries and old sweep ticks; one process a day does it."""
    if not take(services, EVERY_WORKSPACE, "prune", services.clock.now().date().isoformat()):
        return
    pruned = prune(services.uow, services.clock)
    log.info(
        "pruned %d processed events, %d reminder claims, %d ended snoozes, "
        "%d delivered outbox entries and %d sweep ticks",
        pruned.events,
        pruned.reminder_claims,
        pruned.snoozes,
        pruned.outbox,
        pruned.ticks,
    )


def build_scheduler(
    services: Services, workspaces: Workspaces, courier: Delivery | None = None
) -> BackgroundScheduler:
    """The jobs, not started: each tick re-reads due work, so restarts and replicas lose nothing.

    A tick queues what is due and kicks `courier` (by default the services' one), which delivers
    it at its own pace; a tick that overruns is not run twice at once, and missed runs collapse
    into one."""
    scheduler = BackgroundScheduler(
        timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1}
    )
    delivery = courier or services.courier
    ticks = [services, delivery, workspaces]
    every = {"seconds": services.settings.sweep_seconds}
    scheduler.add_job(reminder_tick, "interval", **every, args=ticks, id="reminders")
    scheduler.add_job(digest_tick, "interval", **every, args=ticks, id="digests")
    scheduler.add_job(prune_tick, "cron", **PRUNE_AT, args=[services], id="prune")
    directory = [services, workspaces]
    scheduler.add_job(directory_tick, "cron", **DIRECTORY_AT, args=directory, id="directory")
    return scheduler


def start_scheduler(
    services: Services, workspaces: Workspaces, courier: Delivery | None = None
) -> BackgroundScheduler:
    """Build the jobs and start ticking in a background thread."""
    scheduler = build_scheduler(services, workspaces, courier)
    scheduler.start()
    return scheduler
