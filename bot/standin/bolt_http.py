"""Serve a Bolt `App` over real HTTP (stdlib wsgiref, one thread per request) for tests and the demo."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import Any, Self
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = False
    block_on_close = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class BoltServer:
    """A Bolt app served at `http://127.0.0.1:PORT/slack/events`; use as a context manager."""

    def __init__(
        self, app: App, *, path: str = "/slack/events", host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.app, self.path = app, path
        self._host, self._port = host, port
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Start serving on a background thread (idempotent)."""
        if self._server is None:
            handler = SlackRequestHandler(self.app, path=self.path)
            self._server = make_server(
                self._host, self._port, handler, _ThreadingWSGIServer, _QuietHandler
            )
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    @property
    def url(self) -> str:
        """The events URL, e.g. `http://127.0.0.1:PORT/slack/events`."""
        if self._server is None:
            raise RuntimeError("the Bolt server is not started")
        return f"http://{self._host}:{self._server.server_address[1]}{self.path}"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
