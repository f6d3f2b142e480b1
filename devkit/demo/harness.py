"""Run the real Bolt app over HTTP against the Slack stand-in, on a real database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from slack_bolt import App

from bot.config.clock import FixedClock
from bot.config.observer import NO_OBSERVER, Observer
from bot.config.services import Services
from bot.config.settings import load_settings
from bot.delivery.courier import Courier
from bot.wiring.bootstrap import build_app, build_services, log_framework_problems
from devkit.standin import BoltServer, SlackRequests, SlackStandIn

SIGNING_SECRET = "standin-signing-secret"  # a local test value, not a credential


@dataclass
class Harness:
    """The stand-in workspace, the app's services, the app served over HTTP, and users' clicks."""

    slack: SlackStandIn
    services: Services
    clock: FixedClock
    app: App
    courier: Courier
    users: SlackRequests
    _server: BoltServer

    @property
    def team_id(self) -> str:
        return self.slack.team_id

    def close(self) -> None:
        self._server.stop()
        self.slack.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def start(
    database_url: str,
    start_time: datetime,
    *,
    admins: tuple[str, ...] = (),
    frameworks_dir: Path | None = None,
    slack: SlackStandIn | None = None,
    observer: Observer = NO_OBSERVER,
) -> Harness:
    """Start everything; listeners finish before each HTTP response, so steps are deterministic."""
    slack = slack or SlackStandIn()
    slack.start()
    settings = load_settings(
        slack_bot_token=slack.bot_token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.base_url,
        database_url=database_url,
        admin_user_ids=list(admins),
        frameworks_dir=frameworks_dir,
    )
    clock = FixedClock(start_time)
    services = build_services(settings, clock=clock, observer=observer)
    # Load every framework now, as `serve` does at startup: loaded lazily, the first
    # `/maturity start` would parse them all while its trigger_id (3 seconds) runs out.
    log_framework_problems(services.registry)
    bot = build_app(services, http=True, process_before_response=True)
    server = BoltServer(bot.app).start()
    users = SlackRequests(server.url, SIGNING_SECRET, standin=slack)
    return Harness(slack, bot.services, clock, bot.app, bot.courier, users, server)
