"""The Slack Web API stand-in: a local HTTP server that records calls and rejects what Slack rejects."""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any, Self

from devkit.standin.api import (
    DEFAULT_SCOPES,
    METHOD_SCOPES,
    ApiContext,
    ApiError,
    Handler,
    StandInOptions,
    decode_params,
)
from devkit.standin.api_chat import CHAT_METHODS, respond
from devkit.standin.api_directory import DIRECTORY_METHODS
from devkit.standin.api_files import FILE_METHODS, receive_upload
from devkit.standin.api_history import HISTORY_METHODS
from devkit.standin.api_views import VIEW_METHODS
from devkit.standin.background import BackgroundServer
from devkit.standin.faults import INJECTED_ERROR, Faults
from devkit.standin.models import JsonDict
from devkit.standin.oauth import OAUTH_ACCESS, Grant, OAuthApp
from devkit.standin.render import render_transcript
from devkit.standin.state import Workspace
from devkit.standin.wire import QuietServer, Request, make_server, send
from devkit.standin.workspace_api import WorkspaceApi

logger = logging.getLogger(__name__)

METHODS: dict[str, Handler] = {
    **DIRECTORY_METHODS,
    **HISTORY_METHODS,
    **CHAT_METHODS,
    **VIEW_METHODS,
    **FILE_METHODS,
}


@dataclass(frozen=True)
class Call:
    """One recorded request: Web API method (or `upload` / `response_url`), params, answer."""

    method: str
    params: JsonDict
    at: float
    status: int
    response: Any
    dropped: bool = False  # performed, but its reply was never sent (see `drop_reply`)
    team: str | None = None  # the workspace whose token the call carried

    @property
    def ok(self) -> bool:
        """True if Slack would have called it a success."""
        if isinstance(self.response, dict):
            return self.status == 200 and bool(self.response.get("ok"))
        return self.status == 200

    @property
    def error(self) -> str | None:
        """The error code of a failed call (None on success)."""
        if self.ok:
            return None
        return str(self.response.get("error")) if isinstance(self.response, dict) else self.response


class SlackStandIn(WorkspaceApi, BackgroundServer):
    """Local stand-in for slack.com/api: point `WebClient(base_url=standin.base_url)` at it."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-standin-token",
        team_id: str = "T0STANDIN",
        team_name: str = "Stand-in Workspace",
        team_domain: str = "standin",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        app_id: str = "A0STANDIN",
        host: str = "127.0.0.1",
        port: int = 0,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        files_write_scope: bool = True,
        trigger_ttl: float = 3.0,
        strict_triggers: bool = True,
        deleted_user_dm_error: str | None = "user_disabled",
    ) -> None:
        workspace = Workspace(team_id, team_name, team_domain, bot_user_id, bot_id, app_id)
        granted = set(scopes) - (set() if files_write_scope else {"files:write"})
        options = StandInOptions(granted, trigger_ttl, strict_triggers, deleted_user_dm_error)
        super().__init__(workspace, options)
        self.bot_token = bot_token
        self._host, self._port = host, port
        self._calls: list[Call] = []
        self._recorded = threading.Condition(workspace.lock)
        self._rate_limits: dict[str, list[int]] = {}
        self._failures: dict[str, list[JsonDict]] = {}
        self._faults = Faults()
        self.oauth = OAuthApp()  # installs through `offer_install` and oauth.v2.access

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving on a background thread (idempotent)."""
        self._faults.rearm()
        return super().start()

    def stop(self) -> None:
        """End pending `delay`/`slow` waits, then stop serving (idempotent)."""
        self._faults.release()
        super().stop()

    def _build_server(self) -> QuietServer:
        server = make_server(self._host, self._port, self._on_request)
        self.options.root_url = f"http://{self._host}:{server.server_address[1]}"
        return server

    @property
    def url(self) -> str:
        """Root URL such as `http://127.0.0.1:PORT` (the server must be started)."""
        self._started("the Slack stand-in")
        return self.options.root_url

    @property
    def base_url(self) -> str:
        """Web API base URL such as `http://127.0.0.1:PORT/api/`, for `WebClient(base_url=...)`."""
        return f"{self.url}/api/"

    def offer_install(self, team_id: str, team_name: str, installer: str) -> str:
        """Let workspace `team_id` install the app: the code Slack would send to the app's
        redirect URL once `installer` approves. Its bot token works once exchanged."""
        ws = self.workspace
        token = f"xoxb-{team_id}-{secrets.token_hex(6)}"
        grant = Grant(team_id, team_name, token, ws.bot_user_id, ws.bot_id, ws.app_id)
        with ws.lock:
            return self.oauth.offer(grant, installer)

    # -- behaviour switches ----------------------------------------------------------------

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and `Retry-After`."""
        with self.workspace.lock:
            self._rate_limits.setdefault(method, []).extend([retry_after] * times)

    def fail_next(
        self, method: str, error: str = "internal_error", times: int = 1, **extra: Any
    ) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error, **extra}`."""
        with self.workspace.lock:
            self._failures.setdefault(method, []).extend([{"error": error, **extra}] * times)

    def fail_http(self, method: str, status: int = 500, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP `status`, without performing them."""
        self._faults.fail_http(method, status, times)

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls of `method` wait `seconds` first (other calls go on)."""
        self._faults.delay(method, seconds, times)

    def slow(self, method: str, seconds: float | None) -> None:
        """Make every call of `method` wait `seconds` first, until set to None."""
        self._faults.slow(method, seconds)

    def drop_reply(self, method: str, times: int = 1) -> None:
        """Perform the next `times` calls of `method`, then close the connection unanswered."""
        self._faults.drop_reply(method, times)

    def clear_faults(self) -> None:
        """Forget queued `fail_http`, `delay`, `slow` and `drop_reply` faults (calls already
        waiting still finish their wait)."""
        self._faults.clear()

    def in_flight(self, method: str | None = None) -> int:
        """Web API calls (of `method`) received and not yet handled: held by `slow` or `delay`,
        or being handled. Lets a test act while a call is still on its way."""
        return self._faults.in_flight(method)

    # -- records ---------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls in order, optionally only those of one method."""
        with self.workspace.lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 3.0) -> list[Call]:
        """Wait until `method` was called `count` times (work a bot does after its ack)."""
        with self._recorded:
            if not self._recorded.wait_for(lambda: len(self.calls(method)) >= count, timeout):
                seen = [c.method for c in self._calls]
                raise TimeoutError(f"{method} called fewer than {count} times; calls: {seen}")
            return self.calls(method)

    def call_count(self) -> int:
        """How many calls are recorded so far (where `calls_after` starts)."""
        with self.workspace.lock:
            return len(self._calls)

    def calls_after(self, seen: int, timeout: float) -> list[Call]:
        """The calls recorded after the first `seen`, waiting up to `timeout` seconds for one
        (a bench waits without polling, nor copying every call it saw before)."""
        with self._recorded:
            self._recorded.wait_for(lambda: len(self._calls) > seen, timeout)
            return self._calls[seen:]

    def clear(self) -> None:
        """Forget recorded calls and everything posted; keep users and channels."""
        with self.workspace.lock:
            self._calls.clear()
            self.workspace.clear_content()

    def transcript(self) -> str:
        """A readable transcript of everything the bot posted, opened or published."""
        return render_transcript(self.workspace)

    # -- HTTP ------------------------------------------------------------------------------

    def _record(
        self,
        method: str,
        params: JsonDict,
        status: int,
        response: Any,
        dropped: bool = False,
        team: str | None = None,
    ) -> None:
        with self._recorded:
            call = Call(method, decode_params(params), time.time(), status, response, dropped, team)
            self._calls.append(call)
            self._recorded.notify_all()

    def _on_request(self, handler: BaseHTTPRequestHandler) -> None:
        request = Request(handler)
        head, _, rest = request.path.lstrip("/").partition("/")
        if head == "api" and rest:
            self._faults.arrived(rest)
            try:
                self._faults.wait_before(rest)  # holds no lock: other requests go on meanwhile
                status, body, headers, dropped = self._api(rest, request)
            finally:
                self._faults.answered(rest)
            if dropped:
                handler.close_connection = True  # as if the reply were lost on the way back
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                send(handler, status, body, headers)  # the client may have timed out already
        elif head == "upload" and handler.command == "POST":
            with self.workspace.lock:
                status, text = receive_upload(
                    self.workspace, rest, request.body, request.content_type
                )
                self._record("upload", {"file_id": rest, "bytes": len(request.body)}, status, text)
            send(handler, status, text)
        elif head == "response" and handler.command == "POST":
            with self.workspace.lock:
                status, text = respond(self.workspace, rest, request.params)
                self._record("response_url", {"id": rest, **request.params}, status, text)
            send(handler, status, text)
        else:
            send(handler, 404, "Not Found")

    def _api(self, method: str, request: Request) -> tuple[int, Any, dict[str, str], bool]:
        headers = {"X-OAuth-Scopes": ",".join(sorted(self.options.scopes))}
        params = request.params
        status, body = 200, ApiError("not_authed").body()
        with self.workspace.lock:
            token = request.bearer_token()
            team = self._team_of(token)
            if method == OAUTH_ACCESS:
                status, body = self._exchange(request)
            elif method not in METHODS:
                status, body = 404, ApiError("unknown_method").body()
            elif request.bad_json:
                body = ApiError("invalid_json").body()
            elif token is None:
                pass  # not_authed, as initialised
            elif team is None:
                body = ApiError("invalid_auth").body()
            elif (injected := self._faults.take_http(method)) is not None:
                status, body = injected, ApiError(INJECTED_ERROR).body()
            elif self._rate_limits.get(method):
                retry_after = self._rate_limits[method].pop(0)
                status, body = 429, ApiError("ratelimited").body()
                headers["Retry-After"] = str(retry_after)
            elif self._failures.get(method):
                body = {"ok": False, **self._failures[method].pop(0)}
            elif METHOD_SCOPES.get(method, "") not in self.options.scopes | {""}:
                scopes = headers["X-OAuth-Scopes"]
                refusal = ApiError("missing_scope", needed=METHOD_SCOPES[method], provided=scopes)
                body = refusal.body()
            elif method == "auth.test" and (grant := self.oauth.grant_of(token)):
                body = grant.auth_test(f"{self.url}/")
            else:
                status, body = self._run(method, params)
            dropped = method in METHODS and self._faults.take_drop(method)
            self._record(method, params, status, body, dropped, team)
        return status, body, headers, dropped

    def _team_of(self, token: str | None) -> str | None:
        """The workspace a token acts in: the stand-in's own, or an installed one's."""
        if token is None:
            return None
        grant = self.oauth.grant_of(token)
        return grant.team_id if grant else self.team_id if token == self.bot_token else None

    def _exchange(self, request: Request) -> tuple[int, JsonDict]:
        scopes = ",".join(sorted(self.options.scopes))
        authorization = request.headers.get("Authorization", "")
        try:
            return 200, self.oauth.exchange(authorization, request.params, scopes)
        except ApiError as error:
            return error.status, error.body()

    def _run(self, method: str, params: JsonDict) -> tuple[int, JsonDict]:
        try:
            return 200, METHODS[method](ApiContext(self.workspace, params, self.options))
        except ApiError as error:
            return error.status, error.body()
        except Exception:
            logger.exception("Slack stand-in failed on %s", method)
            return 500, {"ok": False, "error": "internal_error"}
