"""Benchmark: start-up and memory, each against its floor in the same run.

- `maturity-bot --help` against `python -c "import typer"` (the command line's own library);
- `maturity-bot serve --http` until GET /healthz answers 200, against a bare waitress app until
  it answers (both started fresh, the database already migrated by a first start);
- the serving process's memory (RSS) idle, and after a whole assessment answered through it (an
  assessment of the bundled framework started in the Slack stand-in, every question answered
  Met, the summary and its chart posted), against a bare Bolt app (bench/bare_bolt.py) idle
  and after as many clicks.
The bot's own modules are compiled to bytecode first, as `pip install` leaves an installed bot
(the Docker image's): a checkout run with PYTHONDONTWRITEBYTECODE set would otherwise compile
its two hundred modules from source at every start, which no deployment does.
Run from the repository root: `PYTHONPATH=. python bench/bench_startup.py [--quick]`.
"""

from __future__ import annotations

import argparse
import compileall
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bare_bolt import SECRET
from support import result

from bot.config.clock import SystemClock
from bot.runtime.http_server import SLACK_PATH
from devkit.demo import scenario
from devkit.standin import SlackRequests, SlackStandIn
from questionnaire.registry import FrameworkRegistry
from storage.engine import make_engine
from storage.uow import make_uow_factory

BIN = Path(sys.executable).parent
BENCH = Path(__file__).resolve().parent
PACKAGES = ("bot", "questionnaire", "scoring", "storage")
WAIT_SECONDS = 60.0
BARE_WAITRESS = (
    "import sys; from waitress import serve\n"
    "def app(environ, start_response):\n"
    "    start_response('200 OK', [('Content-Type', 'text/plain')]); return [b'ok']\n"
    "serve(app, host='127.0.0.1', port=int(sys.argv[1]), _quiet=True)\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seconds_of(command: list[str], runs: int) -> float:
    """Median wall time of running `command` to its end."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def answers(port: int, path: str = "/healthz") -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


class Process:
    """A server started as its own process; `ready` is the seconds until `path` answered."""

    def __init__(
        self,
        command: list[str],
        port: int,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.port = port
        deadline = time.monotonic() + WAIT_SECONDS
        while not answers(port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} never answered on port {port}")
            time.sleep(0.01)
        self.ready = time.perf_counter() - started

    def rss_mib(self) -> float:
        """Resident memory now, in MiB (Linux /proc)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return kib / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def bot_env(slack: SlackStandIn, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}
    return env | {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.base_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


def serve(slack: SlackStandIn, database_url: str, folder: Path) -> Process:
    port = free_port()
    command = [str(BIN / "maturity-bot"), "serve", "--http", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    env = bot_env(slack, database_url)
    return Process(command, port, env, cwd=folder)  # no developer's .env is read there


def settled(uow: Callable[[], Any]) -> None:
    """Wait until the served bot has delivered everything it owes."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with uow() as work:
            if work.outbox.report(0).pending == 0:
                return
        time.sleep(0.02)
    raise TimeoutError("the bot did not deliver what it owes")


def full_assessment(slack: SlackStandIn, port: int, database_url: str) -> int:
    """Start an assessment in the served bot and answer every question Met, person by person,
    each page as it is redrawn; the clicks it took."""
    users = SlackRequests(f"http://127.0.0.1:{port}{SLACK_PATH}", SECRET, standin=slack)
    uow = make_uow_factory(make_engine(database_url))
    h: Any = SimpleNamespace(
        slack=slack,
        users=users,
        clock=SystemClock(),
        team_id=slack.team_id,
        services=SimpleNamespace(uow=uow, registry=FrameworkRegistry()),
    )
    scenario.setup_workspace(h)
    scenario.start_assessment(h)
    settled(uow)
    clicks = 0
    for user, _, _ in scenario.HOLDERS.values():
        scenario.click(h, user, "continue")
        settled(uow)
        while todo := scenario.open_questions(h, user):
            scenario.click(h, user, "answer:met", requirement=todo[0])
            clicks += 1
            settled(uow)
    return clicks


def bare_clicks(slack: SlackStandIn, port: int, clicks: int) -> None:
    """Send the bare app as many answer clicks, on one page of the stand-in."""
    users = SlackRequests(f"http://127.0.0.1:{port}{SLACK_PATH}", SECRET, standin=slack)
    user = scenario.HOLDERS["product_owner"][0]
    page = next(m for m in reversed(slack.messages(user)) if scenario.buttons(m))
    for n in range(clicks):
        users.block_action(user, "answer:met", value="{}", block_id=f"a:R{n}", message=page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (make bench)")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    python = sys.executable
    for package in PACKAGES:  # as installed (see the docstring)
        compileall.compile_dir(BENCH.parent / package, quiet=1)
    bot_help = seconds_of([str(BIN / "maturity-bot"), "--help"], runs)
    typer = seconds_of([python, "-c", "import typer"], runs)
    result(
        "maturity-bot --help",
        bot_help,
        typer,
        "s",
        goal=None,
        target=0.8,
        note="floor: import typer",
    )
    with tempfile.TemporaryDirectory() as tmp, SlackStandIn() as slack:
        folder = Path(tmp)
        database_url = f"sqlite:///{folder / 'bot.sqlite3'}"
        serve(slack, database_url, folder).stop()  # migrates the new database
        starts, floors = [], []
        for _ in range(max(2, runs // 2)):
            bare = Process([python, "-c", BARE_WAITRESS, str(port := free_port())], port)
            floors.append(bare.ready)
            bare.stop()
            bot = serve(slack, database_url, folder)
            starts.append(bot.ready)
            bot.stop()
        result(
            "serve until /healthz answers",
            statistics.median(starts),
            statistics.median(floors),
            "s",
            goal=None,
            target=2.0,
            note="floor: a bare waitress app",
        )
        bot = serve(slack, database_url, folder)
        bare_port = free_port()
        env = os.environ | {"PYTHONPATH": f"{BENCH.parent}{os.pathsep}{BENCH}"}
        command = [python, str(BENCH / "bare_bolt.py"), "--port", str(bare_port)]
        command += ["--database-url", f"sqlite:///{folder / 'bare.sqlite3'}"]
        command += ["--api-url", slack.base_url, "--token", slack.bot_token]
        bare = Process(command, bare_port, env)
        try:
            time.sleep(1.0)  # let both settle
            idle, bare_idle = bot.rss_mib(), bare.rss_mib()
            result(
                "memory, serve idle",
                idle,
                bare_idle,
                "MiB",
                goal=None,
                target=100,
                note="floor: bare Bolt",
            )
            clicks = full_assessment(slack, bot.port, database_url)
            bare_clicks(slack, bare.port, clicks)
            result(
                f"memory, serve after a full assessment ({clicks} clicks)",
                bot.rss_mib(),
                bare.rss_mib(),
                "MiB",
                goal=None,
                note="floor: bare Bolt after as many clicks",
            )
        finally:
            bot.stop()
            bare.stop()


if __name__ == "__main__":
    main()
