"""Serving a stdlib socket server on a background thread, for the Slack stand-in and the Bolt server."""

from __future__ import annotations

import threading
from socketserver import TCPServer
from types import TracebackType
from typing import Self


class BackgroundServer:
    """Mixin: `start()` serves `_build_server()` on a daemon thread until `stop()`; `with` does both."""

    _server: TCPServer | None = None
    _thread: threading.Thread | None = None

    def _build_server(self) -> TCPServer:
        """The server to run, built but not serving yet."""
        raise NotImplementedError

    def start(self) -> Self:
        """Start serving on a background thread (idempotent)."""
        if self._server is None:
            self._server = self._build_server()
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

    def _started(self, what: str) -> TCPServer:
        """The running server; RuntimeError saying `what` is not started otherwise."""
        if self._server is None:
            raise RuntimeError(f"{what} is not started")
        return self._server

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
