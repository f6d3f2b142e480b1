"""Serve a Bolt `App` over real HTTP (stdlib wsgiref, one thread per request) for tests and the demo."""

from __future__ import annotations

from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from devkit.standin.background import BackgroundServer


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = False
    block_on_close = True
    request_queue_size = 128  # tests send dozens of requests at once; 5 (the default) resets some


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class BoltServer(BackgroundServer):
    """A Bolt app served at `http://127.0.0.1:PORT/slack/events`; use as a context manager."""

    def __init__(
        self, app: App, *, path: str = "/slack/events", host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.app, self.path = app, path
        self._host, self._port = host, port

    def _build_server(self) -> WSGIServer:
        handler = SlackRequestHandler(self.app, path=self.path)
        return make_server(self._host, self._port, handler, _ThreadingWSGIServer, _QuietHandler)

    @property
    def url(self) -> str:
        """The events URL, e.g. `http://127.0.0.1:PORT/slack/events`."""
        port = self._started("the Bolt server").server_address[1]
        return f"http://{self._host}:{port}{self.path}"
