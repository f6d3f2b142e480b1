"""The bot as a real `maturity-bot serve --http` process, against a Slack stand-in running in the
test process: start it, SIGKILL it, start it again on the same database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from devkit.standin import SlackRequests, SlackStandIn

SECRET = "durability-signing-secret"  # a local test value, not a credential
STARTUP_SECONDS = 30.0  # a poll: only a broken start waits this long
LISTENING = re.compile(r"serving Slack requests at http://127\.0\.0\.1:(\d+)/slack/events")
# A dead process's deliveries are taken over about a second after it died; a Slack call that
# hangs is given up after a second.
FAST_DELIVERY = {
    "DELIVERY_LEASE_SECONDS": "1",
    "DELIVERY_POLL_SECONDS": "0.2",
    "SLACK_TIMEOUT_SECONDS": "1",
}
T = TypeVar("T")


def wait_until(condition: Callable[[], T], timeout: float, what: str) -> T:
    """Poll `condition` until it returns something true (returned), or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout} s for {what}")
        time.sleep(0.02)


def together(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run each call on a thread of its own, all released at the same moment; their results."""
    gate = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        gate.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def console_script() -> Path:
    """The installed `maturity-bot` next to this interpreter."""
    script = Path(sys.executable).with_name("maturity-bot")
    assert script.exists(), f"install the project first (pip install -e .): no {script}"
    return script


class BotProcess:
    """One `serve --http` at a time on `database_url`; each start logs to a file of its own."""

    def __init__(
        self,
        slack: SlackStandIn,
        database_url: str,
        workdir: Path,
        frameworks_dir: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.slack = slack
        self.workdir = workdir
        self.starts = 0
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SLACK_", "DATABASE_", "FRAMEWORKS_", "ADMIN_", "DELIVERY_"))
        }
        self._env = inherited | {
            "SLACK_BOT_TOKEN": slack.bot_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.base_url,
            "DATABASE_URL": database_url,
            "FRAMEWORKS_DIR": str(frameworks_dir),
            "LOG_LEVEL": "INFO",
            **FAST_DELIVERY,
            **(env or {}),
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    @property
    def users(self) -> SlackRequests:
        """People clicking in Slack, whose requests reach this process."""
        return SlackRequests(self.url, SECRET, standin=self.slack)

    def _log_path(self, start: int) -> Path:
        return self.workdir / f"serve-{start}.log"

    def start(self) -> BotProcess:
        """Start serving (binding a free port, which the log names) and wait until it listens."""
        return self.spawn().wait_listening()

    def spawn(self) -> BotProcess:
        """Start the process without waiting for it (start several at once, then wait)."""
        assert self._process is None or self._process.poll() is not None, "already running"
        self.starts += 1
        command = [str(console_script()), "serve", "--http", "--host", "127.0.0.1", "--port", "0"]
        with self._log_path(self.starts).open("wb") as sink:  # cwd: no developer's .env is read
            self._process = subprocess.Popen(command, env=self._env, cwd=self.workdir, stderr=sink)
        return self

    def wait_listening(self) -> BotProcess:
        """Wait until the process spawned last listens, and note its port."""
        process, log = self._process, self._log_path(self.starts)
        assert process is not None, "spawn first"

        def listening() -> int:
            if process.poll() is not None:
                raise AssertionError(f"serve exited with {process.returncode}:\n{log.read_text()}")
            found = LISTENING.search(log.read_text())
            return int(found.group(1)) if found else 0

        self.port = wait_until(listening, STARTUP_SECONDS, "serve to listen")
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, as when a host or container dies."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(5)

    def restart(self) -> None:
        """SIGKILL, then start again on the same database."""
        self.kill()
        self.start()

    def close(self) -> None:
        self.kill()

    def log(self) -> str:
        """What every start of this bot logged, in order."""
        return "".join(self._log_path(n).read_text() for n in range(1, self.starts + 1))
