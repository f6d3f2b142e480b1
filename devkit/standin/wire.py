"""HTTP plumbing of the stand-in: a quiet stdlib server and request/response helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from devkit.standin.models import JsonDict


class Request:
    """A parsed incoming request: path, merged params, raw body and headers."""

    def __init__(self, handler: BaseHTTPRequestHandler) -> None:
        split = urlsplit(handler.path)
        self.path = split.path
        self.headers = handler.headers
        length = int(handler.headers.get("Content-Length") or 0)
        self.body = handler.rfile.read(length) if length else b""
        self.content_type = handler.headers.get("Content-Type", "")
        self.params: JsonDict = dict(parse_qsl(split.query, keep_blank_values=True))
        self.bad_json = False
        self._parse_body()

    def _parse_body(self) -> None:
        if not self.body:
            return
        if self.content_type.startswith("application/json"):
            try:
                parsed = json.loads(self.body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                self.bad_json = True
                return
            if isinstance(parsed, dict):
                self.params.update(parsed)
            else:
                self.bad_json = True
        elif self.content_type.startswith("multipart/form-data"):
            head = b"Content-Type: " + self.content_type.encode() + b"\r\n\r\n"
            message = BytesParser(policy=HTTP).parsebytes(head + self.body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if isinstance(name, str) and not part.get_filename():
                    payload = part.get_payload(decode=True)
                    self.params[name] = payload.decode() if isinstance(payload, bytes) else ""
        elif self.content_type.startswith("application/x-www-form-urlencoded") or not (
            self.content_type
        ):
            try:
                text = self.body.decode()
            except UnicodeDecodeError:
                return
            self.params.update(parse_qsl(text, keep_blank_values=True))

    def bearer_token(self) -> str | None:
        """The token from `Authorization: Bearer ...` or the `token` parameter."""
        auth = self.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        token = self.params.get("token")
        return token if isinstance(token, str) and token else None


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: Any,
    headers: dict[str, str] | None = None,
) -> None:
    """Write a JSON (dict/list) or text answer."""
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
        content_type = "application/json; charset=utf-8"
    else:
        data = str(body).encode()
        content_type = "text/plain; charset=utf-8"
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that joins its request threads on close."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = 128  # a bot under test calls in bursts; 5 (the default) resets some


def make_server(
    host: str, port: int, on_request: Callable[[BaseHTTPRequestHandler], None]
) -> QuietServer:
    """Build (not start) a server that hands every GET/POST to `on_request`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            on_request(self)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass  # tests and the demo read the stand-in's records, not access logs

    return QuietServer((host, port), Handler)
