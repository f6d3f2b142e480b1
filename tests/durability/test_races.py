"""Races, in-process through the real app over HTTP: a close against answer clicks, a start
modal submitted twice at once, a double click on Start. Threads release together."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from devkit.demo.harness import Harness, start
from devkit.standin import Response
from questionnaire.domain import AssessmentStatus, HistorySubject

from .journey import (
    LEAD,
    add_people,
    click_start,
    open_start_modal,
    pages,
    requirement,
    start_assessment,
    start_values,
    write_framework,
)
from .journey import answer as click_answer
from .ledger import Ledger
from .process import together

PEOPLE = ["U0RITA", "U0RUDI"]
QUESTIONS = 6
NAME, CHANNEL = "Race", "C0RACE"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def h(database_url: str, frameworks: Path) -> Iterator[Harness]:
    write_framework(frameworks, roles=len(PEOPLE), questions=QUESTIONS)
    with start(database_url, MONDAY, frameworks_dir=frameworks) as harness:
        add_people(harness.slack, PEOPLE, [CHANNEL])
        yield harness


@pytest.fixture
def ledger(database_url: str) -> Iterator[Ledger]:
    found = Ledger(database_url)
    yield found
    found.close()


def test_no_answer_is_committed_after_the_close(h: Harness, ledger: Ledger) -> None:
    assert start_assessment(h.users, h.slack, NAME, CHANNEL, [[p] for p in PEOPLE]).status == 200
    for person in PEOPLE:
        click_start(h.users, h.slack, person)
    clicks: list[Callable[[], Response]] = [
        partial(click_answer, h.users, h.slack, person, requirement(n, q), "not_met")
        for n, person in enumerate(PEOPLE, start=1)
        for q in range(1, QUESTIONS + 1)
    ]
    close: Callable[[], Response] = partial(
        h.users.slash_command, LEAD, f"close {NAME}", channel_id=CHANNEL
    )
    responses = together([*clicks[:6], close, *clicks[6:]])
    assert {r.status for r in responses} == {200}

    with h.services.uow() as uow:
        a = uow.assessments.get(h.team_id, ledger.assessment_id(NAME))
        assert a is not None and a.id is not None
        history = uow.answers.history(h.team_id, a.id)
    assert a.status is AssessmentStatus.COMPLETED
    (closed,) = [n for n, e in enumerate(history) if e.subject is HistorySubject.STATUS]
    answered = [n for n, e in enumerate(history) if e.subject is HistorySubject.ANSWER]
    assert all(n < closed for n in answered), "an answer was recorded after the close"
    refused = [
        m
        for person in PEOPLE
        for m in h.slack.messages_in(person)
        if m.ephemeral_to == person and "is closed" in m.text
    ]
    assert len(answered) + len(refused) == len(clicks)  # each click: recorded, or refused


def test_a_start_modal_submitted_twice_at_once_starts_one_assessment(
    h: Harness, ledger: Ledger
) -> None:
    view_id = open_start_modal(h.users, h.slack, CHANNEL)
    values = start_values(NAME, CHANNEL, [[p] for p in PEOPLE])

    def submit() -> Response:
        return h.users.view_submission(LEAD, "start_assessment", values, view_id=view_id)

    responses = together([submit, submit])

    assert [(r.status, r.body) for r in responses] == [(200, ""), (200, "")]
    assert [e.key for e in ledger.entries() if e.key.startswith("kickoff:")] == ["kickoff:1"]
    assert len(h.slack.messages_in(CHANNEL)) == 1  # one kickoff
    assert [len(h.slack.messages_in(p)) for p in PEOPLE] == [1, 1]  # one intro each


def test_a_double_click_on_start_posts_one_page(h: Harness, ledger: Ledger) -> None:
    assert start_assessment(h.users, h.slack, NAME, CHANNEL, [[p] for p in PEOPLE]).status == 200
    person = PEOPLE[0]

    responses = together([lambda: click_start(h.users, h.slack, person)] * 2)

    assert [r.status for r in responses] == [200, 200]
    assert len(pages(h.slack, person)) == 1
    assert len([e for e in ledger.entries() if e.key.startswith("show:")]) == 1
