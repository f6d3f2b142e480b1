"""Benchmark: a click until the page it was clicked on is updated, against the floor.

The bot as `serve --http` runs it (waitress; the listener saving the answer with what follows it
before the ack, then drawing the page from what it committed and calling chat.update), on SQLite
and PostgreSQL, with the Slack stand-in as the Web API. Side by side on the same server stack and
database, the floor: a bare Bolt app whose listener does the least a click must (one
transaction: the answer upserted and a history row) and one chat.update of the same page.

A click is timed from sending its request until the stand-in receives the chat.update of its
page. One click at a time, then 50 at once (on 50 different pages), the bot and the floor taking
turns. On PostgreSQL it also counts the round trips of one Met click on a question that needs
evidence: the request (until the ack) and the page update after it, read from libpq's protocol
trace.
Run from the repository root: `PYTHONPATH=. python bench/bench_click.py [--quick]`.
"""

from __future__ import annotations

import argparse
import gc
import logging
import statistics
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from bare_bolt import bare_app
from slack_bolt import App
from support import RoundTrips, database, percentile, result

from bot.config.settings import load_settings
from bot.runtime.http_server import SLACK_PATH, make_server, run_in_thread
from bot.wiring.app import Bot
from bot.wiring.bootstrap import build_app, build_services
from devkit.demo import harness, scenario
from devkit.standin import Message, SlackRequests, SlackStandIn
from questionnaire.outbox import Envelope, Handover
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.context import AssessmentView
from storage.engine import make_engine

SECRET = harness.SIGNING_SECRET
# Six people each, a page of six questions each: 50 clicks at once land on 50 different pages.
# Each round of 50 takes a question from 50 pages for each of the three apps (the bare apps'
# clicks leave their pages as they were): two rounds (make bench) need 144 pages, three (the
# full run) 216.
ASSESSMENTS = {True: 24, False: 36}
AT_ONCE = 50
CAICT = "caict-mlops-dev-mgmt"
WAIT_SECONDS = 60.0
SETTLE_SECONDS = 0.05  # after a click's page update, for what its listener does last


@dataclass(frozen=True)
class Click:
    user: str
    ts: str
    block_id: str
    element: dict[str, Any]
    message: Message


def prepare(slack: SlackStandIn, url: str, quick: bool) -> list[str]:
    """Start `ASSESSMENTS[quick]` assessments through the app (asking everything: six questions a
    page); everyone opens their first page of each. The people who answer."""
    h = harness.start(url, datetime.now(UTC), slack=slack)
    scenario.setup_workspace(h)
    people = [user for user, _, _ in scenario.HOLDERS.values()]
    for n in range(ASSESSMENTS[quick]):
        scenario.start_assessment(h, name=f"Bench {n}", project=f"Project {n}", adaptive=False)
        for user in people:
            scenario.click(h, user, "continue")
    h._server.stop()  # keep the stand-in and the database; the timed bot runs as in production
    return people


class Pages:
    """Finds questions not clicked yet on the question pages as they stand now."""

    def __init__(self, slack: SlackStandIn, people: list[str]) -> None:
        self.slack, self.people, self.used = slack, people, set[tuple[str, str]]()
        self.framework = FrameworkRegistry().get(CAICT)

    def _open(self, message: Message, needs_evidence: bool) -> Click | None:
        for block_id, element in scenario.buttons(message):
            if element.get("action_id") != "answer:met" or not block_id.startswith("a:"):
                continue
            if (message.ts, block_id) in self.used:
                continue
            if needs_evidence and not self._needs_evidence(block_id[2:]):
                continue
            return Click(message.channel, message.ts, block_id, element, message)
        return None

    def _needs_evidence(self, requirement_id: str) -> bool:
        return self.framework.locate(requirement_id).requirement.evidence.required

    def clicks(self, count: int, *, needs_evidence: bool = False) -> list[Click]:
        """One click on each of `count` different pages (each person's in turn)."""
        found: list[Click] = []
        per_person = [
            [(user, m) for m in reversed(self.slack.messages(user)) if not m.ephemeral_to]
            for user in self.people
        ]
        for round_ in zip(*per_person, strict=False):
            for user, message in round_:
                click = self._open(message, needs_evidence)
                if click is None:
                    continue
                self.used.add((click.ts, click.block_id))
                found.append(replace(click, user=user))
                if len(found) == count:
                    return found
        raise RuntimeError(f"only {len(found)} pages have a question left")


# -- timing ---------------------------------------------------------------------------------


class Server:
    """An app served by waitress as `serve --http` serves it, and users clicking in it."""

    def __init__(self, app: App, slack: SlackStandIn) -> None:
        server = make_server(app, SECRET, "127.0.0.1", 0)
        self._stop = run_in_thread(server, "bench-server")
        url = f"http://127.0.0.1:{server.effective_port}{SLACK_PATH}"
        self.users = SlackRequests(url, SECRET, standin=slack)

    def send(self, click: Click) -> None:
        response = self.users.block_action(
            click.user,
            "answer:met",
            value=click.element["value"],
            block_id=click.block_id,
            message=click.message,
        )
        assert response.status == 200, response

    def stop(self) -> None:
        self._stop()


def timed(slack: SlackStandIn, server: Server, clicks: list[Click]) -> list[float]:
    """Send `clicks` at once; seconds from each one's sending to its page's update (the first
    chat.update of its message after it was sent, as the stand-in recorded it, read without
    polling: the wait takes no CPU from the app measured, which shares this process)."""
    sent = [0.0] * len(clicks)
    go = threading.Barrier(len(clicks))

    def one(n: int) -> None:
        go.wait()
        sent[n] = time.time()
        server.send(clicks[n])

    waiting = {click.ts: n for n, click in enumerate(clicks)}
    seen = slack.call_count()
    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(clicks))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT_SECONDS
    seconds: list[float] = [0.0] * len(clicks)
    while waiting:
        if time.monotonic() > deadline:
            raise TimeoutError("a page was never updated")
        calls = slack.calls_after(seen, timeout=0.5)
        seen += len(calls)
        for call in calls:
            n = waiting.get(call.params.get("ts", "")) if call.method == "chat.update" else None
            if n is not None and sent[n] and call.at >= sent[n]:
                seconds[n] = call.at - sent[n]
                del waiting[call.params["ts"]]
    for thread in threads:
        thread.join()
    return seconds


def _settled(bot: Bot) -> int:
    """Wait until the courier has delivered everything owed (a page done posts the next); how
    many times it looked."""
    deadline = time.monotonic() + WAIT_SECONDS
    looks = 0
    while time.monotonic() < deadline:
        looks += 1
        with bot.services.uow() as uow:
            if uow.outbox.report(0).pending == 0:
                return looks
        time.sleep(0.01)
    raise TimeoutError("the courier did not finish")


def checking_cpu(bot: Bot, times: int = 20) -> float:
    """The CPU seconds of one look of `_settled` with nothing owed (the median of `times`)."""
    spent = []
    for _ in range(times):
        began = time.process_time()
        _settled(bot)
        spent.append(time.process_time() - began)
    return statistics.median(spent)


def round_trips(
    trips: RoundTrips, bot: Bot, server: Server, floor: Server, pages: Pages
) -> tuple[int, int, int]:
    """Round trips of a Met click on a question that needs evidence: until the ack (where the
    listener hands over the page it queued claimed), then its page update (drawn and sent by a
    delivery thread, the delivery recorded); and the floor's. The median of three
    clicks each. The delivery loop is stopped: its polls are not the click's."""
    bot.courier.stop()
    courier = bot.courier
    handed, send = courier.deliver_handed, courier._send_handed
    acked: list[int] = []
    delivered = threading.Event()

    def counted(handover: Handover | None, seen: AssessmentView | None = None) -> int:
        acked.append(trips.since_mark())  # right after the ack
        return handed(handover, seen)

    def sent(envelopes: list[Envelope], seen: AssessmentView | None) -> int:
        try:
            return send(envelopes, seen)
        finally:
            delivered.set()

    courier.deliver_handed = counted  # type: ignore[method-assign]
    courier._send_handed = sent  # type: ignore[method-assign]
    seen: list[tuple[int, int, int]] = []
    try:
        for click in pages.clicks(3, needs_evidence=True):
            delivered.clear()
            trips.mark()
            server.send(click)
            if not delivered.wait(WAIT_SECONDS):
                raise TimeoutError("the page was never delivered")
            request, everything = acked[-1], trips.since_mark()
            trips.mark()
            floor.send(click)
            seen.append((request, everything - request, trips.since_mark()))
    finally:
        courier.deliver_handed, courier._send_handed = handed, send  # type: ignore[method-assign]
    request, update, least = (statistics.median(column) for column in zip(*seen, strict=True))
    return int(request), int(update), int(least)


def run(backend: str, quick: bool) -> None:
    with database(backend) as url:
        if url is None:
            return
        trips = RoundTrips() if backend == "postgresql" else None
        with SlackStandIn() as slack:
            pages = Pages(slack, prepare(slack, url, quick))
            settings = load_settings(
                slack_bot_token=slack.bot_token,
                slack_signing_secret=SECRET,
                slack_api_url=slack.base_url,
                database_url=url,
            )
            bot = build_app(build_services(settings), http=True)
            bot.courier.start()
            gc.freeze()  # what the start made is out of the collector's sight, as in `serve`
            engine = make_engine(url)
            app, floor, durable = (
                Server(bot.app, slack),
                Server(bare_app(slack.bot_token, slack.base_url, engine), slack),
                Server(bare_app(slack.bot_token, slack.base_url, engine, durable=True), slack),
            )
            try:
                measure(backend, quick, slack, bot, pages, app, floor, durable)
                if trips is not None:
                    request, update, least = round_trips(trips, bot, app, floor, pages)
                    result(
                        "round trips, answer click until the ack (PG)",
                        request,
                        least,
                        "",
                        goal=None,
                        target=6,
                        note="floor: BEGIN, upsert, history insert, COMMIT",
                    )
                    result(
                        "round trips, answer click + page update (PG)",
                        request + update,
                        least,
                        "",
                        goal=None,
                        note="floor: the bare app (its update reads nothing)",
                    )
            finally:
                app.stop()
                floor.stop()
                durable.stop()
                bot.courier.stop()
                engine.dispose()
        if trips is not None:
            trips.close()


def idle_cpu(seconds: float, times: int = 20) -> float:
    """The process's CPU seconds per second without clicks (the apps' own background threads,
    the stand-in): what `measure` subtracts from each click's window."""
    spent = waited = 0.0
    for _ in range(times):
        began, started = time.process_time(), time.perf_counter()
        time.sleep(seconds)
        spent += time.process_time() - began
        waited += time.perf_counter() - started
    return spent / waited


def measure(
    backend: str,
    quick: bool,
    slack: SlackStandIn,
    bot: Bot,
    pages: Pages,
    app: Server,
    floor: Server,
    durable: Server,
) -> None:
    """One click at a time, then 50 at once, the bot and the floor taking turns. Besides the
    times, the CPU the whole process spends per click (every thread: the app's, the clicking
    users' and the stand-in's; a busy machine moves it far less than the times): from sending
    until the page is updated and everything the click owes is delivered, less what the
    process spends idle in as long."""
    one_by_one = 24 if quick else 40
    rounds = 2 if quick else 3
    servers = {"ours": app, "floor": floor, "durable": durable}
    times = {name: {"one": list[float](), "many": list[float]()} for name in servers}
    ours, least = times["ours"], times["floor"]
    throughput: dict[str, list[float]] = {name: [] for name in servers}
    cpu = {name: {"one": 0.0, "many": 0.0} for name in servers}
    for server, warm in zip(servers.values(), pages.clicks(len(servers)), strict=True):
        timed(slack, server, [warm])
    _settled(bot)
    idle = idle_cpu(SETTLE_SECONDS)
    check = checking_cpu(bot)

    def click(server: Server, clicks: list[Click], into: list[float]) -> tuple[float, float]:
        """Send `clicks` at once, their times into `into`; the CPU seconds they cost (less the
        idle's, and the bench's own check that the bot owes nothing more), and the seconds
        until every page was updated."""
        began, started = time.process_time(), time.perf_counter()
        into += timed(slack, server, clicks)
        updated = time.perf_counter() - started
        time.sleep(SETTLE_SECONDS)  # the listeners' last steps, the bare app's too
        checked = _settled(bot) if server is app else 0  # the deliveries recorded, next pages
        elapsed = time.perf_counter() - started
        spent = time.process_time() - began - idle * elapsed
        # What the stand-in keeps of every call (the pages it holds, the calls it recorded) out
        # of the collector's sight, as `serve` freezes what its start made: the bench's own
        # objects, a full collection walked them in a pause of 80-100 ms, whichever app ran.
        gc.freeze()
        return spent - checked * check, updated

    for _ in range(one_by_one):
        (one,) = pages.clicks(1)
        for name, server in servers.items():  # the bare apps leave the page as it was
            cpu[name]["one"] += click(server, [one], times[name]["one"])[0]
    for _ in range(rounds):
        for name, server in servers.items():
            spent, seconds = click(server, pages.clicks(AT_ONCE), times[name]["many"])
            cpu[name]["many"] += spent
            throughput[name].append(AT_ONCE / seconds)
    label = "SQLite" if backend == "sqlite" else "PG"
    for key, what in (("one", "one at a time"), ("many", f"{AT_ONCE} at once")):
        for share, name in ((0.5, "p50"), (0.99, "p99")):
            now = percentile(ours[key], share) * 1000
            base = percentile(least[key], share) * 1000
            result(f"click -> page updated, {what}, {name} ({label})", now, base, "ms")
    result(
        f"{AT_ONCE} clicks at once, pages updated per s ({label})",
        statistics.median(throughput["ours"]),
        statistics.median(throughput["floor"]),
        "/s",
        higher_is_better=True,
    )
    # Then what of the gap the outbox rule explains: against the bare app that also queues the
    # page update it owes and records its delivery (informational).
    durably = "floor: the bare app + the page update owed as an outbox row, its delivery recorded"
    whole = "the whole process: the app, the users clicking, the stand-in"
    for key, what, count in (
        ("one", "one at a time", one_by_one),
        ("many", f"{AT_ONCE} at once", rounds * AT_ONCE),
    ):
        per_click = {name: cpu[name][key] / count * 1000 for name in servers}
        result(
            f"CPU per click, {what} ({label})",
            per_click["ours"],
            per_click["floor"],
            "ms",
            goal=None,
            note=whole,
        )
        now, base = (percentile(times[name][key], 0.5) * 1000 for name in ("ours", "durable"))
        vs_durable = f"vs outbox floor ({label})"
        result(
            f"click -> page updated, {what}, p50, {vs_durable}",
            now,
            base,
            "ms",
            goal=None,
            note=durably,
        )
        result(
            f"CPU per click, {what}, {vs_durable}",
            per_click["ours"],
            per_click["durable"],
            "ms",
            goal=None,
            note=durably,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer clicks (make bench)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # 50 at once queue by design
    for backend in args.backend or ["sqlite", "postgresql"]:
        run(backend, args.quick)


if __name__ == "__main__":
    main()
