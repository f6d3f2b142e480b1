"""Benchmark: how many questions each person of the demo's team is asked, asking everything and
with adaptive questioning, and whether every level comes out the same.

The demo's team (its role holders and the lead) assesses itself against the bundled CAICT
framework through the use cases on SQLite. Each requirement has one fixed
answer, what the team would say, drawn per requirement id from the demo's seed and its
MET_BY_LEVEL chances (`devkit.demo.scenario.choose`), so both modes share the same truth. People
take turns round-robin in the demo's role order, one page each per turn: a person opens their
next page and answers its open questions one by one in page order, the page re-read after every
answer as the bot re-renders it (a blocking answer takes the questions above it away and may
pull later ones in), until the page is done. Play stops when nobody has anything open. No
evidence is attached: levels are compared under both evidence policies.

For comparison it also prints the totals for other orders (each person finishing before the
next, in role order and reversed) and the fewest questions possible, had every sub-item's
blocking answer been given before anything above it.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # devkit is not installed: it is never shipped

from devkit.demo.scenario import ASSESSMENT, CHANNEL, HOLDERS, LEAD, choose  # noqa: E402
from questionnaire.adaptive import BLOCKING  # noqa: E402
from questionnaire.conversation import agenda, is_open, next_page, page_of  # noqa: E402
from questionnaire.domain import Answer, EvidencePolicy  # noqa: E402
from questionnaire.framework import Framework  # noqa: E402
from questionnaire.ports import UnitOfWorkFactory  # noqa: E402
from questionnaire.registry import FrameworkRegistry  # noqa: E402
from questionnaire.scoring_adapter import score_assessment  # noqa: E402
from questionnaire.usecases.answering import record_answer  # noqa: E402
from questionnaire.usecases.context import AssessmentView, read_view  # noqa: E402
from questionnaire.usecases.start import StartRequest, start_assessment  # noqa: E402
from scoring import ScoreResult  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.uow import make_uow_factory  # noqa: E402

FRAMEWORK = "caict-mlops-dev-mgmt"
SEED = 7  # the demo's
TEAM = "TBENCH"
START = datetime(2026, 11, 23, 9, tzinfo=UTC)


class Clock:
    """A clock that ticks one second per reading: every answer has its own moment."""

    def __init__(self) -> None:
        self.moment = START

    def now(self) -> datetime:
        """The next second."""
        self.moment += timedelta(seconds=1)
        return self.moment


@dataclass(frozen=True, slots=True)
class Played:
    """One mode's outcome: questions asked per person, and the final view."""

    asked: Counter[str]
    view: AssessmentView


def truth(framework: Framework) -> dict[str, Answer]:
    """What the team would say to each requirement (independent of order and mode)."""
    return {
        loc.requirement.id: Answer(choose(SEED, loc.requirement.id, loc.requirement.level))
        for loc in framework.requirements()
    }


def people() -> list[str]:
    """The demo's role holders in role order, then the lead."""
    return [user for user, _, _ in HOLDERS.values()] + [LEAD[0]]


def play(
    framework: Framework,
    answers: Mapping[str, Answer],
    adaptive: bool,
    order: Sequence[str],
    page_per_turn: bool = True,
) -> Played:
    """Start the demo's assessment in one mode and let people answer in `order` until nothing is
    open: one page per turn round-robin, or (not `page_per_turn`) each finishing in turn."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        uow, clock = make_uow_factory(engine), Clock()
        request = StartRequest(
            team_id=TEAM,
            lead_id=LEAD[0],
            name=ASSESSMENT,
            project="fraud-detect",
            framework=framework,
            channel_id=CHANNEL[0],
            roles={role: [user] for role, (user, _, _) in HOLDERS.items()},
            adaptive=adaptive,
        )
        aid = start_assessment(uow, clock, request).assessment.id
        assert aid is not None
        asked: Counter[str] = Counter()
        busy = True
        while busy:
            busy = False
            for user in order:
                while answer_one_page(uow, clock, aid, user, answers, asked):
                    busy = True
                    if page_per_turn:
                        break
        view = read_view(uow, TEAM, aid)
        engine.dispose()
    return Played(asked, view)


def answer_one_page(
    uow: UnitOfWorkFactory,
    clock: Clock,
    aid: int,
    user: str,
    answers: Mapping[str, Answer],
    asked: Counter[str],
) -> bool:
    """The person's next page answered question by question; False when they had none."""
    view = read_view(uow, TEAM, aid)
    page = next_page(agenda(view.routing, user), view.states)
    if page is None:
        return False
    while True:
        shown = page_of(agenda(view.routing, user), page.item_id, page.page)
        todo = (
            [loc for loc in shown.requirements if is_open(view.states.get(loc.requirement.id))]
            if shown
            else []
        )
        if not todo:
            return True
        rid = todo[0].requirement.id
        record_answer(uow, clock, TEAM, aid, rid, answers[rid], user)
        asked[user] += 1
        view = read_view(uow, TEAM, aid)


def scores(view: AssessmentView, policy: EvidencePolicy) -> ScoreResult:
    """The view scored under `policy`, adaptive questioning's skipped ones as not assessed."""
    return score_assessment(
        view.framework, view.states, view.evidence, policy, adaptive=view.assessment.adaptive
    )


def same_levels(a: AssessmentView, b: AssessmentView) -> dict[str, bool]:
    """Per kind of node (overall, domain, item, sub-item), whether every level is identical,
    under both evidence policies."""
    same: dict[str, bool] = {}
    for policy in EvidencePolicy:
        left, right = scores(a, policy), scores(b, policy)
        for x, y in zip(left.nodes(), right.nodes(), strict=True):
            same[x.kind.value] = same.get(x.kind.value, True) and x.level == y.level
    return same


def main() -> None:
    framework = FrameworkRegistry().get(FRAMEWORK)
    answers = truth(framework)
    everything = play(framework, answers, adaptive=False, order=people())
    adaptive = play(framework, answers, adaptive=True, order=people())
    names = {user: name for user, name, _ in [*HOLDERS.values(), LEAD]}
    print(
        f"adaptive questioning, demo team on {framework.id} ({framework.requirement_count()} "
        f"requirements), seed {SEED}; round-robin in role order, one page per turn"
    )
    print(f"  {'person':<8} {'asked, all':>11} {'adaptive':>9} {'fewer':>7}")
    for user in people():
        before, after = everything.asked[user], adaptive.asked[user]
        print(f"  {names[user]:<8} {before:>11} {after:>9} {fewer(before, after):>7}")
    before, after = sum(everything.asked.values()), sum(adaptive.asked.values())
    print(f"  {'total':<8} {before:>11} {after:>9} {fewer(before, after):>7}")
    result = scores(adaptive.view, EvidencePolicy.STRICT)
    print(f"  not assessed in adaptive mode: {result.overall.completion.not_assessed}")
    same = same_levels(everything.view, adaptive.view)
    print(
        "  identical levels: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items())
    )
    for label, order in (("role order", people()), ("reversed", people()[::-1])):
        other = play(framework, answers, adaptive=True, order=order, page_per_turn=False)
        after = sum(other.asked.values())
        print(
            f"  each person finishing in turn, {label}: {after} asked, {fewer(before, after)} fewer"
        )
    least = before - fewest_skipped(framework, answers)
    print(
        f"  fewest possible (every blocker answered first): {least}, {fewer(before, least)} fewer"
    )
    counts = Counter(answers.values())
    print("  the team's answers: " + ", ".join(f"{a.label} {counts[a]}" for a in Answer))


def fewest_skipped(framework: Framework, answers: Mapping[str, Answer]) -> int:
    """How many requirements lie above their sub-item's lowest Not met or Partially met."""
    skippable = 0
    for _, item in framework.items():
        for sub in item.subitems:
            blocking = [r.level for r in sub.requirements if answers[r.id] in BLOCKING]
            if blocking:
                skippable += sum(1 for r in sub.requirements if r.level > min(blocking))
    return skippable


def fewer(before: int, after: int) -> str:
    """`31%` fewer, or `-` when nothing was asked."""
    return f"{(before - after) / before:.0%}" if before else "-"


if __name__ == "__main__":
    main()
