"""Benchmark: how long Slack waits for its 200 while Slack itself is slow.

50 answer clicks at once against the bot as `serve --http` runs it (waitress, listeners acking
after the database write, the courier's threads making the Slack calls), with every
chat.postMessage and chat.update taking 4 s at the Slack stand-in. Side by side, the floor: a
bare Bolt app whose one listener only acks, behind the same server, the same 50 requests.
Slack gives an app 3 s. A script, not a test:
    .venv/bin/python bench/bench_acks.py
"""

from __future__ import annotations

import logging
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.config.settings import load_settings
from bot.runtime.http_server import SLACK_PATH, make_server, run_in_thread
from bot.wiring.bootstrap import build_app, build_services
from devkit.demo import harness, scenario
from devkit.standin import Message, SlackRequests, SlackStandIn

CLICKS = 50
SLACK_SECONDS = 4.0
SECRET = harness.SIGNING_SECRET
Click = tuple[str, str, dict[str, Any], Message]  # user, block id, button, the page


def _pages(slack: SlackStandIn, db: str) -> list[Click]:
    """Start an assessment through the app and let everyone open their first page."""
    h = harness.start(db, datetime.now(UTC), slack=slack)
    scenario.setup_workspace(h)
    scenario.start_assessment(h)
    people = [u for u, _, _ in scenario.HOLDERS.values()]
    for user in people:
        scenario.click(h, user, "continue")
    clicks: list[Click] = []
    for user in people:
        page = slack.messages(user)[-1]
        for block_id, element in scenario.buttons(page):
            if element.get("action_id") == "answer:partial" and block_id.startswith("a:"):
                clicks.append((user, block_id, element, page))
    h._server.stop()  # keep the stand-in; the timed bot runs as in production
    return (clicks * (CLICKS // len(clicks) + 1))[:CLICKS]


def _serve(app: App) -> tuple[str, Callable[[], None]]:
    server = make_server(app, SECRET, "127.0.0.1", 0)
    stop = run_in_thread(server, "bench-server")
    return f"http://127.0.0.1:{server.effective_port}{SLACK_PATH}", stop


def _fire(url: str, slack: SlackStandIn, clicks: list[Click]) -> list[float]:
    """Send every click at once; seconds until each HTTP answer."""
    users = SlackRequests(url, SECRET, standin=slack)
    seconds = [0.0] * len(clicks)
    go = threading.Barrier(len(clicks))

    def one(n: int) -> None:
        user, block_id, element, page = clicks[n]
        go.wait()
        began = time.perf_counter()
        response = users.block_action(
            user, element["action_id"], value=element["value"], block_id=block_id, message=page
        )
        seconds[n] = time.perf_counter() - began
        assert response.status == 200, response

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(clicks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seconds


def _bare(slack: SlackStandIn) -> App:
    client = WebClient(token=slack.bot_token, base_url=slack.base_url)
    app = App(signing_secret=SECRET, client=client)

    @app.action(re.compile(".+"))
    def acked(ack: Ack) -> None:
        ack()

    return app


def _line(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"{name:<34} p50 {statistics.median(ordered) * 1000:7.0f} ms   "
        f"p95 {p95 * 1000:7.0f} ms   max {ordered[-1] * 1000:7.0f} ms"
    )


def main() -> None:
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # 50 at once queue by design
    with tempfile.TemporaryDirectory() as tmp, SlackStandIn() as slack:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        clicks = _pages(slack, db)
        settings = load_settings(
            slack_bot_token=slack.bot_token,
            slack_signing_secret=SECRET,
            slack_api_url=slack.base_url,
            database_url=db,
        )
        bot = build_app(build_services(settings), http=True)
        bot.courier.start()
        url, close = _serve(bot.app)
        bare_url, close_bare = _serve(_bare(slack))
        slack.slow("chat.postMessage", SLACK_SECONDS)
        slack.slow("chat.update", SLACK_SECONDS)
        try:
            floor = _fire(bare_url, slack, clicks)
            ours = _fire(url, slack, clicks)
        finally:
            slack.slow("chat.postMessage", None)
            slack.slow("chat.update", None)
            close()
            close_bare()
            bot.courier.stop()
    print(
        f"{CLICKS} simultaneous answer clicks, Slack answering in {SLACK_SECONDS:.0f} s (SQLite):"
    )
    print(_line("bare Bolt app, ack only (floor)", floor))
    print(_line("Maturity Bot (save, queue, ack)", ours))
    print(
        f"ratio p50 {statistics.median(ours) / statistics.median(floor):.1f}x, "
        f"max {max(ours) / max(floor):.1f}x; slowest ack {max(ours):.2f} s of Slack's 3 s"
    )


if __name__ == "__main__":
    main()
