"""HTTP mode: Slack's requests at POST /slack/events and GET /healthz, served by waitress."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

StartResponse = Callable[..., Any]


def make_wsgi(
    app: App, health: Callable[[], bool] = lambda: True
) -> Callable[..., Iterable[bytes]]:
    """Route Slack's endpoint to Bolt (which verifies signatures) and answer health checks."""
    slack = SlackRequestHandler(app)

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events" and method == "POST":
            return slack(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            ok = health()
            start_response(
                "200 OK" if ok else "503 Service Unavailable", [("Content-Type", "text/plain")]
            )
            return [b"ok" if ok else b"database unavailable"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return wsgi


def make_server(
    app: App, host: str, port: int, health: Callable[[], bool] = lambda: True, threads: int = 8
) -> Any:
    """A waitress server (production-grade, pure Python); `.run()` serves, `.close()` stops."""
    return create_server(
        make_wsgi(app, health), host=host, port=port, threads=threads, ident="maturity-bot"
    )
