"""Benchmark: what one Met click and the page update it causes cost, as the assessment's
evidence grows (0 and 10,000 pieces elsewhere in it) and as the framework grows (the bundled
CAICT framework's 239 requirements, and 2,390: the same domains ten times over). The floor of
each is the same click on the small case, measured in the same run.

On PostgreSQL the evidence table is analysed after the 10,000 rows go in, as autovacuum does
soon after such growth (without statistics the planner may walk the assessment's whole index
range). The click is `record_answer` as the listener calls it (with its page, so what follows is
queued); the page update is the courier drawing that page from the database and handing it to
chat.update (Slack's side not counted). SQLite, and PostgreSQL when it is reachable. Run from
the repository root: `PYTHONPATH=. python bench/bench_click_cost.py [--quick]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from support import database, result

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.config.settings import load_settings
from bot.delivery.job import Job
from bot.delivery.pages import refresh_page
from questionnaire.conversation import agenda, next_page
from questionnaire.domain import Answer, Evidence, EvidenceKind
from questionnaire.framework import Framework
from questionnaire.outbox import Envelope
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.answering import record_answer
from questionnaire.usecases.context import read_view
from questionnaire.usecases.follow_up import PageAt
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factories
from tests.storage.helpers import TEAM_A, new_assessment

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
CAICT = "caict-mlops-dev-mgmt"
OWNER = "UDEV1"


class NoSlack:
    """Takes the page update where Slack would (what Slack does with it is not ours to time)."""

    def chat_update(self, **_: Any) -> dict[str, bool]:
        return {"ok": True}


def ten_times(framework: Framework) -> Framework:
    """The framework's domains ten times over, ids suffixed: ten times the requirements, and
    the first page of everyone's questions unchanged."""
    data = framework.model_dump(mode="json", exclude_none=True)

    def renamed(node: Any, n: int) -> Any:
        if isinstance(node, dict):
            return {k: f"{v}X{n}" if k == "id" else renamed(v, n) for k, v in node.items()}
        if isinstance(node, list):
            return [renamed(v, n) for v in node]
        return node

    domains = data["domains"]
    data["domains"] = domains + [renamed(d, n) for n in range(1, 10) for d in domains]
    data["version"] = f"{data['version']}-x10"
    return Framework.model_validate(data)


@dataclass(frozen=True)
class Cost:
    click_ms: float
    page_ms: float


class Case:
    """One assessment to click in: the owner's first page, with `evidence` pieces on other
    questions. `step()` is one Met click (on a question needing evidence) and the page update."""

    def __init__(self, url: str, framework: Framework, evidence: int, clock: FixedClock) -> None:
        engine = make_engine(url)
        self.uow, reads = make_uow_factories(engine)
        self.clock = clock
        role = framework.roles[0].key
        with self.uow() as work:
            name = f"bench {uuid.uuid4().hex[:8]}"
            added = new_assessment(
                work, name=name, framework=framework, roles={role: [OWNER]}, adaptive=True
            )
            work.commit()
        assert added.id is not None
        self.aid = added.id
        view = read_view(self.uow, TEAM_A, self.aid, evidence=False)
        page = next_page(agenda(view.routing, OWNER), view.states)
        assert page is not None
        asked = {loc.requirement.id for loc in page.requirements}
        self.due = [
            loc.requirement.id for loc in page.requirements if loc.requirement.evidence.required
        ]
        elsewhere = [
            r for r in (loc.requirement.id for loc in framework.requirements()) if r not in asked
        ]
        with self.uow() as work:
            for n in range(evidence):
                note = str(n)
                piece = Evidence(
                    self.aid, elsewhere[n % 120], EvidenceKind.NOTE, OWNER, T0, note=note
                )
                work.evidence.add(TEAM_A, piece)
            work.commit()
        if engine.dialect.name == "postgresql":  # as autovacuum would soon after such growth
            with engine.connect() as connection:
                connection.execute(text("ANALYZE evidence"))
                connection.commit()
        settings = load_settings(slack_bot_token="xoxb-bench", slack_signing_secret="bench")
        self.services = Services(settings, self.uow, clock, FrameworkRegistry(), reads=reads)
        # As the listener makes it: with the questions the clicked message shows.
        shown = tuple(loc.requirement.id for loc in page.requirements)
        self.at = PageAt(OWNER, page.item_id, page.page, "D1", "1.1", shown)
        self.clicks: list[float] = []
        self.pages: list[float] = []
        self.engine = engine

    def step(self, n: int) -> None:
        started = time.perf_counter()
        requirement = self.due[n % len(self.due)]
        record_answer(
            self.uow, self.clock, TEAM_A, self.aid, requirement, Answer.MET, OWNER, page=self.at
        )
        self.clicks.append((time.perf_counter() - started) * 1000)
        message = self.at.refresh(self.aid)
        job = Job(self.services, NoSlack(), Envelope(0, TEAM_A, "bench", message, 1, 1, T0))  # type: ignore[arg-type]
        started = time.perf_counter()
        refresh_page(job, message)
        self.pages.append((time.perf_counter() - started) * 1000)

    def cost(self) -> Cost:
        self.engine.dispose()
        return Cost(statistics.median(self.clicks), statistics.median(self.pages))


def compare(
    url: str, floor: tuple[Framework, int], now: tuple[Framework, int], repeat: int
) -> tuple[Cost, Cost]:
    """The floor's case and ours, stepped in turns (a busy machine slows both alike)."""
    clock = FixedClock(T0)
    cases = Case(url, *floor, clock), Case(url, *now, clock)
    for n in range(3):  # warm: imports, statement caches, the framework cache
        for case in cases:
            case.step(n)
            case.clicks.clear()
            case.pages.clear()
    for n in range(repeat):
        clock.set(T0 + timedelta(seconds=n))
        for case in cases if n % 2 else reversed(cases):
            case.step(n)
    base, ours = (case.cost() for case in cases)
    return base, ours


def run(backend: str, rows: int, repeat: int) -> None:
    label = "SQLite" if backend == "sqlite" else "PG"
    small = FrameworkRegistry().get(CAICT)
    large = ten_times(small)
    with database(backend) as url:
        if url is None:
            return
        upgrade(url)
        none, many = compare(url, (small, 0), (small, rows), repeat)
        base, big = compare(url, (small, 0), (large, 0), repeat)
    result(f"Met click, {rows:,} vs 0 evidence rows ({label})", many.click_ms, none.click_ms, "ms")
    result(f"page update, {rows:,} vs 0 evidence rows ({label})", many.page_ms, none.page_ms, "ms")
    requirements = sum(1 for _ in large.requirements()), sum(1 for _ in small.requirements())
    sizes = f"{requirements[0]:,} vs {requirements[1]:,} requirements"
    result(f"Met click, {sizes} ({label})", big.click_ms, base.click_ms, "ms")
    result(f"page update, {sizes} ({label})", big.page_ms, base.page_ms, "ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (make bench)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    for backend in args.backend or ["sqlite", "postgresql"]:
        run(backend, args.rows, 15 if args.quick else 40)


if __name__ == "__main__":
    main()
