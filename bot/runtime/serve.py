"""Run the bot until it is stopped: Socket Mode or HTTP, clear start-up errors, clean SIGTERM."""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.config.services import Services
from bot.config.settings import Settings
from bot.runtime.health import HealthCheck, database_health
from bot.runtime.http_server import (
    HEALTH_PATH,
    SLACK_PATH,
    close_server,
    make_probe_server,
    make_server,
    probes_wsgi,
    run_in_thread,
)
from bot.runtime.metrics import Metrics
from bot.runtime.scheduler import start_scheduler
from bot.slack.workspaces import own_workspace
from bot.wiring.app import Bot
from bot.wiring.bootstrap import build_app, build_services, log_framework_problems
from questionnaire.registry import FrameworkRegistry

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The bot cannot start; the message is one line for the operator and names no secret."""


# How long a stop waits for the framework files still loading (the requests in flight have their
# own wait, `STOP_SECONDS`; a container's grace period is commonly 10 s for both).
SETTLING_SECONDS = 2.0


def serve(settings: Settings, *, http: bool, host: str = "0.0.0.0", port: int = 3000) -> None:
    """Start the bot and block until SIGTERM or SIGINT; then stop the scheduler and return.

    Raises SettingsError, DatabaseUnavailable or StartupError before anything is served."""
    settings.require("http" if http else "socket")
    metrics = Metrics()
    services = build_services(settings, observer=metrics)
    metrics.watch_outbox(services.uow, services.clock)
    bot = _app(settings, services, http)
    app = bot.app
    probes = _Probes(database_health(settings), database_health(settings, migrated=True), metrics)
    wait, close = _listen(app, settings, host, port, probes) if http else _connect(app, settings)
    close_side = _side_port(settings, host, probes)
    # The framework files load while the bot already answers (a request that needs one waits for
    # them); a broken one is logged a moment after the start, not before /healthz answers.
    settling = threading.Thread(
        target=_settle, args=(services.registry,), name="frameworks", daemon=True
    )
    settling.start()
    own = own_workspace(bot.workspaces)  # one token: its own workspace alone
    bot.courier.scope_to(own)
    bot.courier.start()  # delivers what listeners queue, and whatever a crash left behind
    scheduler = start_scheduler(services, own, bot.courier)
    try:
        with _sigterm_exits():
            wait()
    except KeyboardInterrupt:
        pass  # Ctrl-C: the same clean stop as SIGTERM
    finally:
        scheduler.shutdown(wait=False)
        close()
        close_side()
        bot.courier.stop()
        settling.join(SETTLING_SECONDS)  # a stop right after the start still names a broken file
    log.info("stopped")


def _settle(registry: FrameworkRegistry) -> None:
    """Load the frameworks (logging what did not load), then take everything the start made
    out of the garbage collector's sight (`gc.freeze`): modules, frameworks and the app live
    as long as the process, and a full collection that walked them paused a request for tens
    of milliseconds."""
    log_framework_problems(registry)
    gc.freeze()


def _app(settings: Settings, services: Services, http: bool) -> Bot:
    try:
        return build_app(services, http=http)  # Bolt calls auth.test here
    except BoltError as error:  # a token Slack refuses; Bolt's message names no secret
        raise StartupError(f"Slack refused SLACK_BOT_TOKEN: {error}") from None
    except OSError as error:  # URLError included: SLACK_API_URL does not answer
        raise _unreachable(settings, error) from None


@dataclass(frozen=True)
class _Probes:
    """What the operator's endpoints answer from: /healthz, /readyz and /metrics."""

    health: HealthCheck
    ready: HealthCheck
    metrics: Metrics


def _side_port(settings: Settings, host: str, probes: _Probes) -> Callable[[], object]:
    """Serve the operator's endpoints on METRICS_PORT, when set, in a thread of their own."""
    if not settings.metrics_port:
        return lambda: None
    wsgi = probes_wsgi(probes.health, probes.ready, probes.metrics.exposition)
    server = _bind(
        lambda: make_probe_server(host, settings.metrics_port, wsgi), host, settings.metrics_port
    )
    stop = run_in_thread(server, "metrics-port")
    log.info("serving /metrics and the probes at http://%s:%s", host, server.effective_port)
    return stop


def _bind(make: Callable[[], Any], host: str, port: int) -> Any:
    try:
        return make()
    except OSError as error:
        reason = error.strerror or str(error)
        raise StartupError(f"cannot listen on {host}:{port}: {reason}") from None


def _listen(
    app: App, settings: Settings, host: str, port: int, probes: _Probes
) -> tuple[Callable[[], object], Callable[[], object]]:
    assert settings.slack_signing_secret is not None  # settings.require checked it
    secret = settings.slack_signing_secret.get_secret_value()
    server = _bind(
        lambda: make_server(
            app,
            secret,
            host,
            port,
            health=probes.health,
            ready=probes.ready,
            metrics=probes.metrics.exposition,
        ),
        host,
        port,
    )
    where = f"http://{host}:{server.effective_port}"
    log.info("serving Slack requests at %s%s (health check: %s)", where, SLACK_PATH, HEALTH_PATH)
    if app.oauth_flow:
        log.info("workspaces install the app at %s%s", where, app.oauth_flow.install_path)
    return server.run, lambda: close_server(server)


def _connect(app: App, settings: Settings) -> tuple[Callable[[], object], Callable[[], object]]:
    assert settings.slack_app_token is not None  # settings.require checked it
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    try:
        handler.connect()  # type: ignore[no-untyped-call]  # slack-bolt leaves it untyped
    except SlackApiError as error:
        code = error.response.get("error", "unknown error")
        message = f"Slack refused the Socket Mode connection (SLACK_APP_TOKEN): {code}"
        raise StartupError(message) from None
    except OSError as error:
        raise _unreachable(settings, error) from None
    log.info("connected to Slack in Socket Mode")
    return threading.Event().wait, handler.close


class _Stopped(SystemExit):
    """Raised by the SIGTERM handler; waitress's run loop ends cleanly on SystemExit."""


@contextmanager
def _sigterm_exits() -> Iterator[None]:
    """SIGTERM (what `docker stop` and Kubernetes send) stops the bot like Ctrl-C: waitress waits
    up to five seconds for the requests in flight, and the process exits with status 0."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise _Stopped(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except _Stopped:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _unreachable(settings: Settings, error: OSError) -> StartupError:
    reason = getattr(error, "reason", None) or error.strerror or error
    parts = urlsplit(settings.slack_api_url)
    where = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()  # no user:password@
    return StartupError(f"cannot reach the Slack Web API at {where}: {reason}")
