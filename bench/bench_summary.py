"""Benchmark: posting the summary with its chart for an assessment of the bundled framework (239
requirements, every one answered), to the Slack stand-in, on SQLite: after an answer changed
(the chart drawn anew) and posted again unchanged (the chart drawn once per change, reused).
The target is absolute: 150 ms. The process has drawn a chart before (matplotlib loaded), as a
running bot has after its first summary; each change answers the first question of one more
item Not met (lenient evidence policy), so the item's level drops and the chart is new.
Run from the repository root: `PYTHONPATH=. python bench/bench_summary.py [--quick]`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk import WebClient
from support import result

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.config.settings import load_settings
from bot.reporting.publish import publish
from devkit.standin import SlackStandIn
from questionnaire.domain import Answer, Assessment, EvidencePolicy
from questionnaire.registry import FrameworkRegistry
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factories

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
LEAD, CHANNEL = "U0LEAD", "C0SUMMARY"
TARGET_MS = 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (make bench)")
    args = parser.parse_args()
    framework = FrameworkRegistry().get("caict-mlops-dev-mgmt")
    ids = [loc.requirement.id for loc in framework.requirements()]
    # Each change: the first question of one more item answered Not met, so that item's level
    # drops and the chart is new (a chart drawn before would be reused).
    firsts = list(
        {
            loc.item.id: loc.requirement.id for loc in reversed(list(framework.requirements()))
        }.values()
    )[::-1]
    repeat = min(5 if args.quick else 10, len(firsts))
    with tempfile.TemporaryDirectory() as folder, SlackStandIn() as slack:
        slack.add_user(LEAD, "lead")
        slack.add_channel(CHANNEL, "summary", members=[LEAD])
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade(url)
        uow, reads = make_uow_factories(make_engine(url))
        with uow() as work:
            content_hash = work.frameworks.save(framework)
            a = work.assessments.add(
                Assessment(
                    slack.team_id,
                    "Bench",
                    "P",
                    framework.id,
                    framework.version,
                    content_hash,
                    LEAD,
                    CHANNEL,
                    T0,
                    evidence_policy=EvidencePolicy.LENIENT,
                )
            )
            assert a.id is not None
            for rid in ids:
                work.answers.record(slack.team_id, a.id, rid, Answer.MET, LEAD, T0)
            work.commit()
        clock = FixedClock(T0)
        settings = load_settings(
            slack_bot_token=slack.bot_token,
            slack_signing_secret="bench",
            slack_api_url=slack.base_url,
        )
        services = Services(settings, uow, clock, FrameworkRegistry(), reads=reads)
        client = WebClient(token=slack.bot_token, base_url=slack.base_url)
        publish(services, client, a, requester=LEAD)  # matplotlib loaded, fonts found
        changed, again = [], []
        for n in range(repeat):
            clock.set(T0 + timedelta(minutes=n + 1))
            with uow() as work:
                work.answers.record(
                    slack.team_id, a.id, firsts[n], Answer.NOT_MET, LEAD, clock.now()
                )
                work.commit()
            started = time.perf_counter()
            publish(services, client, a, requester=LEAD)
            changed.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            publish(services, client, a, requester=LEAD)
            again.append((time.perf_counter() - started) * 1000)
    result(
        "summary with chart, 239 requirements, after a change",
        statistics.median(changed),
        statistics.median(again),
        "ms",
        goal=None,
        target=TARGET_MS,
        note="floor: the same summary posted again (chart reused)",
    )


if __name__ == "__main__":
    main()
