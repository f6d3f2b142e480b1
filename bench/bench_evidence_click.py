"""A Met click and the page it redraws, with 0 and with 10,000 pieces of evidence elsewhere in
the assessment (SQLite file): the click's own work should not grow with the evidence.

Prints the median of each and the ratio to the empty assessment (the floor). Run from the
repository root: `python bench/bench_evidence_click.py [--rows N] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config.clock import FixedClock  # noqa: E402
from questionnaire.conversation import agenda, next_page  # noqa: E402
from questionnaire.domain import Answer, Evidence, EvidenceKind  # noqa: E402
from questionnaire.registry import FrameworkRegistry  # noqa: E402
from questionnaire.usecases.answering import record_answer  # noqa: E402
from questionnaire.usecases.context import read_view  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.uow import make_uow_factory  # noqa: E402
from tests.storage.helpers import TEAM_A, new_assessment  # noqa: E402

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def measure(rows: int, repeat: int) -> tuple[float, float]:
    """Median ms of a Met click on an evidence-required question, and of the page's reads."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade(url)
        uow = make_uow_factory(make_engine(url))
        framework = FrameworkRegistry().get("caict-mlops-dev-mgmt")
        with uow() as work:
            aid = new_assessment(work, framework=framework).id
            work.commit()
        assert aid is not None
        ids = [loc.requirement.id for loc in framework.requirements()]
        elsewhere = ids[-120:]  # the evidence is on other questions than the ones clicked
        due = [
            loc.requirement.id
            for loc in framework.requirements()
            if loc.requirement.evidence.required
        ]
        with uow() as work:
            for n in range(rows):
                piece = Evidence(
                    aid, elsewhere[n % 120], EvidenceKind.NOTE, "UDEV1", T0, note=str(n)
                )
                work.evidence.add(TEAM_A, piece)
            work.commit()
        clock = FixedClock(T0)
        clicks, pages = [], []
        for n in range(repeat):
            clock.set(T0 + timedelta(seconds=n))
            start = time.perf_counter()
            record_answer(uow, clock, TEAM_A, aid, due[n % len(due)], Answer.MET, "ULEAD")
            clicks.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            view = read_view(uow, TEAM_A, aid, evidence=False)
            page = next_page(agenda(view.routing, "ULEAD"), view.states)
            with uow() as work:
                work.evidence.for_requirements(
                    TEAM_A, aid, [loc.requirement.id for loc in page.requirements] if page else []
                )
            pages.append((time.perf_counter() - start) * 1000)
        return statistics.median(clicks), statistics.median(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    floor_click, floor_page = measure(0, args.repeat)
    click, page = measure(args.rows, args.repeat)
    print(f"{'measure':<38} {'0 rows':>9} {f'{args.rows} rows':>12} {'ratio':>6}")
    print(
        f"{'Met click (record_answer), ms':<38} {floor_click:>9.1f} {click:>12.1f} {click / floor_click:>6.2f}"
    )
    print(
        f"{'page reads (states, page evidence), ms':<38} {floor_page:>9.1f} {page:>12.1f} {page / floor_page:>6.2f}"
    )


if __name__ == "__main__":
    main()
