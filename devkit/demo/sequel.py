"""After the first assessment: a second project, then a re-assessment of the first that follows
the first steps of its plan, so the portfolio and its ▲/▼ trend have something to show.

People answer these at the use-case layer (the stored answers and evidence directly) to keep
`make demo` fast; starting and closing go through the app, which posts the summaries."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message
from questionnaire.domain import Answer, Evidence, EvidenceKind
from questionnaire.readmodels.summary import gather
from questionnaire.usecases.context import load_view, load_views

SECOND = ("Churn model Q4 2026", "churn-model: subscriber churn prediction")
REASSESSMENT = "Fraud detection Q1 2027"
PORTFOLIO_WAIT = 10.0  # seconds: the portfolio is answered after the ack


@dataclass
class Sequel:
    """What the sequel did: its assessments, the plan steps it followed, the portfolio reply."""

    second_id: int = 0
    reassessment_id: int = 0
    followed: tuple[str, ...] = ()  # requirement ids of the plan steps done before re-assessing
    portfolio: Message | None = None


def play(h: Harness, first_id: int, seed: int) -> Sequel:
    """A second project answered and closed, then the first re-assessed and closed, then the
    lead's `/maturity portfolio`."""
    sequel = Sequel()
    h.clock.advance(days=2)
    sequel.second_id = scenario.start_assessment(h, name=SECOND[0], project=SECOND[1])
    answer_all(h, sequel.second_id, seed + 1)
    close(h, SECOND[0])

    h.clock.advance(days=60)
    with h.services.uow() as uow:
        first = gather(*load_views(uow, h.team_id, first_id))
    steps = first.next_path().steps  # what the first summary said it takes to reach the next level
    sequel.followed = tuple(step.requirement_id for step in steps)
    sequel.reassessment_id = scenario.start_assessment(
        h, name=REASSESSMENT, project=scenario.PROJECT, previous=first_id
    )
    met = dict.fromkeys(sequel.followed, Answer.MET)
    answer_all(h, sequel.reassessment_id, seed, met, proven=set(sequel.followed))
    close(h, REASSESSMENT)

    h.users.slash_command(scenario.LEAD[0], "portfolio", channel_id=scenario.CHANNEL[0])
    sequel.portfolio = _portfolio_reply(h)
    return sequel


def answer_all(
    h: Harness,
    assessment_id: int,
    seed: int,
    fixed: dict[str, Answer] | None = None,
    proven: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Every question answered by its owner: last time's answer confirmed where there is one,
    else as `scenario.choose` says; `fixed` answers win; required evidence is added for met
    answers at the basics, most of the time above, and always for the `proven` requirements."""
    rng = random.Random(seed)
    fixed = fixed or {}
    at = h.clock.now()
    with h.services.uow() as uow:
        view = load_view(uow, h.team_id, assessment_id)
        team, routing = h.team_id, view.routing
        owned = {e.requirement_id for e in view.evidence}
        for located in view.framework.requirements():
            rid, level = located.requirement.id, located.requirement.level
            state = view.states.get(rid)
            carried = state.answer if state and state.answer else None
            answer = fixed.get(rid) or carried or Answer(scenario.choose(seed, rid, level))
            owner = routing.owner(rid)
            uow.answers.record(team, assessment_id, rid, answer, owner, at)
            needs = located.requirement.evidence.required and answer is Answer.MET
            keen = level <= 1 or rid in proven or rng.random() < 0.6
            if needs and rid not in owned and keen:
                url = f"https://wiki.example.com/{rid.lower().replace('.', '-')}"
                uow.evidence.add(
                    team, Evidence(assessment_id, rid, EvidenceKind.LINK, owner, at, url=url)
                )
        uow.commit()


def close(h: Harness, name: str) -> None:
    """The lead closes the assessment: the app posts its final summary and chart."""
    h.clock.advance(hours=2)
    h.users.slash_command(scenario.LEAD[0], f"close {name}", channel_id=scenario.CHANNEL[0])


def _portfolio_reply(h: Harness) -> Message | None:
    """The portfolio the app sends back through the command's response_url, once it is there."""
    deadline = time.monotonic() + PORTFOLIO_WAIT
    while time.monotonic() < deadline:
        for message in reversed(h.slack.messages(scenario.CHANNEL[0])):
            if message.source == "response_url" and "Portfolio" in str(message.blocks):
                return message
        time.sleep(0.05)
    return None
