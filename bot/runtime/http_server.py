"""HTTP mode: Slack's requests at POST /slack/events, in OAuth mode also GET /slack/install and
/slack/oauth_redirect (Bolt's install flow), and the operator's endpoints (GET /healthz, /livez,
/readyz, /metrics) there or alone on a side port, served by waitress."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.oauth import OAuthFlow
from slack_sdk.signature import SignatureVerifier
from waitress.server import create_server

from bot.runtime.health import Health, HealthCheck, always_healthy

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
LIVE_PATH = "/livez"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are a few kilobytes; this is far above any

StartResponse = Callable[..., Any]
Environ = dict[str, Any]
Wsgi = Callable[[Environ, StartResponse], Iterable[bytes]]
Exporter = Callable[[], tuple[bytes, str]]  # a metrics scrape: body and content type


class _Rejected(Exception):
    """A request refused before Bolt sees it: an HTTP status and a short public message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def make_wsgi(
    app: App,
    signing_secret: str,
    health: HealthCheck = always_healthy,
    *,
    max_body: int = MAX_BODY_BYTES,
    ready: HealthCheck | None = None,
    metrics: Exporter | None = None,
) -> Wsgi:
    """Slack's endpoint and the operator's endpoints (see `probes_wsgi`) as one WSGI application.

    Requests to Slack's endpoint are checked here before Bolt parses them: size (413), signature
    and timestamp (401), and a body Bolt cannot parse (400). Bolt verifies the signature again.
    """
    verifier = SignatureVerifier(signing_secret)
    probes = probes_wsgi(health, ready, metrics)

    def wsgi(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        try:
            if path == SLACK_PATH and method == "POST":
                return _slack(app, verifier, max_body, environ, start_response)
            if method == "GET" and app.oauth_flow and path in _oauth_paths(app.oauth_flow):
                return _oauth(app.oauth_flow, path, environ, start_response)
        except _Rejected as rejected:
            return _send_json(start_response, rejected.status, {"error": rejected.message})
        return probes(environ, start_response)

    return wsgi


def probes_wsgi(
    health: HealthCheck = always_healthy,
    ready: HealthCheck | None = None,
    metrics: Exporter | None = None,
) -> Wsgi:
    """GET /healthz (`health`), /livez (the process answers), /readyz (`ready`, by default
    `health`) and /metrics (when given); 404 for anything else."""
    checks = {HEALTH_PATH: health, LIVE_PATH: always_healthy, READY_PATH: ready or health}

    def wsgi(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        head = method == "HEAD"
        if method in ("GET", "HEAD") and path in checks:
            return _healthz(checks[path](), head, start_response)
        if method in ("GET", "HEAD") and path == METRICS_PATH and metrics is not None:
            return _metrics(metrics, head, start_response)
        return _send_json(start_response, 404, {"error": "not found"})

    return wsgi


def make_server(
    app: App,
    signing_secret: str,
    host: str,
    port: int,
    health: HealthCheck = always_healthy,
    threads: int = 8,
    *,
    ready: HealthCheck | None = None,
    metrics: Exporter | None = None,
) -> Any:
    """A waitress server (production-grade, pure Python) bound to host:port; raises OSError if
    it cannot bind. `.run()` serves until SIGINT/SystemExit, `.effective_port` is the port."""
    return create_server(
        make_wsgi(app, signing_secret, health, ready=ready, metrics=metrics),
        host=host,
        port=port,
        threads=threads,
        ident="maturity-bot",
        # waitress answers 413 from the Content-Length header, before reading the body.
        max_request_body_size=MAX_BODY_BYTES + 1,
    )


def make_probe_server(host: str, port: int, probes: Wsgi) -> Any:
    """A small waitress server for the operator's endpoints alone (METRICS_PORT)."""
    return create_server(probes, host=host, port=port, threads=2, ident="maturity-bot")


def _slack(
    app: App,
    verifier: SignatureVerifier,
    max_body: int,
    environ: Environ,
    start_response: StartResponse,
) -> Iterable[bytes]:
    body = _read_body(environ, max_body)
    _verify(verifier, body, environ)
    request = _bolt_request(body, environ)
    return _send_bolt(app.dispatch(request), start_response)


def _oauth_paths(flow: OAuthFlow) -> tuple[str, str]:
    return flow.install_path, flow.redirect_uri_path


def _oauth(
    flow: OAuthFlow, path: str, environ: Environ, start_response: StartResponse
) -> Iterable[bytes]:
    """Bolt's install flow: the link to Slack's consent page, then the code Slack sends back."""
    headers = WsgiHttpRequest(environ).get_headers()
    request = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=headers)
    handle = flow.handle_installation if path == flow.install_path else flow.handle_callback
    return _send_bolt(handle(request), start_response)


def _send_bolt(response: BoltResponse, start_response: StartResponse) -> Iterable[bytes]:
    answer = WsgiHttpResponse(status=response.status, headers=response.headers, body=response.body)
    start_response(answer.status, answer.get_headers())
    return answer.get_body()


def _read_body(environ: Environ, max_body: int) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise _Rejected(400, "invalid Content-Length") from None
    if length < 0:
        raise _Rejected(400, "invalid Content-Length")
    if length > max_body:
        raise _Rejected(413, f"request body larger than {max_body} bytes")
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    return body


def _verify(verifier: SignatureVerifier, body: bytes, environ: Environ) -> None:
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE")
    try:
        valid = verifier.is_valid(body=body, timestamp=timestamp, signature=signature)
    except ValueError:  # a timestamp that is not a number, or a body that is not UTF-8
        valid = False
    if not valid:
        why = "no signature headers" if timestamp is None or signature is None else "bad or stale"
        log.warning("rejected a request to %s: invalid signature (%s)", SLACK_PATH, why)
        raise _Rejected(401, "invalid request signature")


def _bolt_request(body: bytes, environ: Environ) -> BoltRequest:
    headers = WsgiHttpRequest(environ).get_headers()
    try:
        return BoltRequest(
            body=body.decode("utf-8"), query=environ.get("QUERY_STRING", ""), headers=headers
        )
    except Exception as error:  # Bolt raises whatever its parsing hits; each is a bad request
        log.warning(
            "rejected a signed request to %s: Bolt cannot parse its body (%s)",
            SLACK_PATH,
            type(error).__name__,
        )
        raise _Rejected(400, "malformed request body") from None


def _healthz(health: Health, head: bool, start_response: StartResponse) -> Iterable[bytes]:
    answer = {"status": "ok"} if health.ok else {"status": "unavailable", "reason": health.reason}
    body = _send_json(start_response, 200 if health.ok else 503, answer)
    return [] if head else body


def _metrics(metrics: Exporter, head: bool, start_response: StartResponse) -> Iterable[bytes]:
    body, content_type = metrics()
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    start_response("200 OK", headers)
    return [] if head else [body]


def _send_json(start_response: StartResponse, status: int, answer: dict[str, str]) -> list[bytes]:
    body = json.dumps(answer).encode()
    phrase = HTTPStatus(status).phrase
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(f"{status} {phrase}", headers)
    return [body]


STOP_SECONDS = 5.0  # how long a stop waits for the requests in flight


def close_server(server: Any) -> None:
    """Stop a waitress server: its request threads finish what they are doing first (for a
    few seconds at most), then its sockets close. Closed the other way round, a request
    finishing after the close found the server's wake-up pipe gone and waitress logged the
    error."""
    server.task_dispatcher.shutdown(timeout=STOP_SECONDS)
    server.close()


def run_in_thread(server: Any, name: str) -> Callable[[], None]:
    """Run a waitress server on a daemon thread; returns what stops it. Closing its socket
    under the loop is the stop, not a fault: the loop's error then is not reported."""
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):
            if not stopping.is_set():
                raise

    def stop() -> None:
        stopping.set()
        close_server(server)

    threading.Thread(target=run, name=name, daemon=True).start()
    return stop
