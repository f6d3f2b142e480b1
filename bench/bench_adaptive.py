"""Benchmark: how many questions each person of the demo's team is asked, asking everything and
with adaptive questioning, and whether every level comes out the same.

The demo's team (six role holders and the lead) assesses itself against the bundled CAICT
framework (239 requirements) through the use cases on SQLite. Each requirement has one fixed
answer, what the team would say, drawn per requirement id from the demo's seed and its
MET_BY_LEVEL chances (`devkit.demo.scenario.choose`), so both modes share the same truth. People
take turns round-robin in the demo's role order, one page each per turn: a person opens their
next page and answers its open questions one by one in page order, the page re-read after every
answer as the bot re-renders it (a blocking answer takes the questions above it away and may
pull later ones in), until the page is done. Play stops when nobody has anything open. No
evidence is attached: levels are compared under both evidence policies.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from devkit.demo.scenario import ASSESSMENT, CHANNEL, HOLDERS, LEAD, choose
from questionnaire.conversation import agenda, is_open, next_page, page_of
from questionnaire.domain import Answer, EvidencePolicy
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWorkFactory
from questionnaire.registry import FrameworkRegistry
from questionnaire.scoring_adapter import score_assessment
from questionnaire.usecases.answering import record_answer
from questionnaire.usecases.context import AssessmentView, read_view
from questionnaire.usecases.start import StartRequest, start_assessment
from scoring import ScoreResult
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

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


def play(framework: Framework, answers: Mapping[str, Answer], adaptive: bool) -> Played:
    """Start the demo's assessment in one mode and answer round-robin until nothing is open."""
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
            for user in people():
                busy = answer_one_page(uow, clock, aid, user, answers, asked) or busy
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
    everything = play(framework, answers, adaptive=False)
    adaptive = play(framework, answers, adaptive=True)
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
    counts = Counter(answers.values())
    print("  the team's answers: " + ", ".join(f"{a.label} {counts[a]}" for a in Answer))


def fewer(before: int, after: int) -> str:
    """`31%` fewer, or `-` when nothing was asked."""
    return f"{(before - after) / before:.0%}" if before else "-"


if __name__ == "__main__":
    main()
