"""Recording an answer or a comment costs a constant handful of statements, whatever the
framework size."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from questionnaire.domain import Answer, Position
from questionnaire.ports import UnitOfWork

from .conftest import Backend
from .helpers import TEAM_A, at, make_framework, new_assessment


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL of every statement sent to the database inside the block."""
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _answered(backend: Backend, size: int) -> tuple[int, list[str]]:
    """An assessment of `size` requirements, all answered but the first; its id and theirs."""
    framework = make_framework(size, version=str(size))
    ids = [loc.requirement.id for loc in framework.requirements()]
    with backend.factory() as uow:
        added = new_assessment(uow, name=f"size {size}", framework=framework)
        assert added.id is not None
        for requirement_id in ids[1:]:
            uow.answers.record(TEAM_A, added.id, requirement_id, Answer.MET, "UDEV1", at(1))
        uow.positions.save(TEAM_A, Position(added.id, "UDEV1", "I1"))
        uow.commit()
    return added.id, ids


def _cost(backend: Backend, aid: int, work: Callable[[UnitOfWork], object]) -> int:
    """Statements `work` sends in a transaction that is already open."""
    assert backend.engine is not None
    with backend.factory() as uow:
        uow.assessments.get(TEAM_A, aid)  # the transaction is open before counting
        with count_statements(backend.engine) as seen:
            work(uow)
        uow.commit()
    return len(seen)


def _costs(backend: Backend, size: int) -> tuple[int, int, int]:
    """Statements for a first answer, a changed answer, and loading one person's next question."""
    aid, ids = _answered(backend, size)

    def answer(value: Answer) -> Callable[[UnitOfWork], object]:
        return lambda uow: uow.answers.record(TEAM_A, aid, ids[0], value, "UDEV1", at(2))

    def load(uow: UnitOfWork) -> None:
        assert len(uow.answers.states(TEAM_A, aid)) == size
        uow.positions.get(TEAM_A, aid, "UDEV1")

    first, change = (_cost(backend, aid, answer(a)) for a in (Answer.MET, Answer.PARTIAL))
    return first, change, _cost(backend, aid, load)


def _held_costs(backend: Backend, size: int) -> tuple[int, int, int]:
    """Statements for a first and a changed answer written under the assessment's lock (the
    states already read, as a click does), and for loading one person's next question."""
    aid, ids = _answered(backend, size)

    def answer(value: Answer) -> Callable[[UnitOfWork], object]:
        def write(uow: UnitOfWork) -> object:
            before = uow.answers.get(TEAM_A, aid, ids[0])
            return uow.answers.record_held(TEAM_A, aid, ids[0], value, "UDEV1", at(2), before)

        return write

    def load(uow: UnitOfWork) -> None:
        assert len(uow.answers.states(TEAM_A, aid)) == size
        uow.positions.get(TEAM_A, aid, "UDEV1")

    first, change = (_cost(backend, aid, answer(a)) for a in (Answer.MET, Answer.PARTIAL))
    return first, change, _cost(backend, aid, load)


def _comment_costs(backend: Backend, size: int) -> tuple[int, int, int]:
    """Statements for a new comment, the same comment again, and clearing it."""
    aid, ids = _answered(backend, size)

    def comment(text: str | None) -> Callable[[UnitOfWork], object]:
        return lambda uow: uow.answers.set_comment(TEAM_A, aid, ids[1], text, "UDEV1", at(2))

    new, same, cleared = (_cost(backend, aid, comment(c)) for c in ("why", "why", None))
    return new, same, cleared


@pytest.mark.parametrize(
    ("costs", "most"),
    [
        # a first and a changed answer: ensure the row, lock it, update it, history row; a page: 2
        (_costs, (4, 4, 2)),
        # a new and a cleared comment: the same four; the same comment again: nothing to write
        (_comment_costs, (4, 2, 4)),
        # under the lock, `before` known: the read here (1), the upsert, the history row (on
        # PostgreSQL written by the upsert's statement, see below)
        (_held_costs, (3, 3, 2)),
    ],
    ids=["answer", "comment", "answer-held"],
)
def test_statement_count_does_not_grow_with_the_framework(
    sql_backend: Backend,
    costs: Callable[[Backend, int], tuple[int, int, int]],
    most: tuple[int, int, int],
) -> None:
    small, large = costs(sql_backend, 8), costs(sql_backend, 240)
    assert small == large
    if costs is _held_costs and sql_backend.name == "postgres":
        most = (2, 2, 2)  # the upsert and its history row are one statement (a CTE)
    assert all(n <= limit for n, limit in zip(large, most, strict=True)), large


def _click_reads(backend: Backend, evidence_rows: int) -> list[str]:
    """The statements of a Met click on R000 (which requires evidence), in an assessment
    holding `evidence_rows` pieces of evidence on other questions."""
    from bot.config.clock import FixedClock
    from questionnaire.domain import Evidence, EvidenceKind
    from questionnaire.usecases.answering import record_answer

    aid, ids = _answered(backend, 40)
    with backend.factory() as uow:
        for n in range(evidence_rows):
            piece = Evidence(aid, ids[1 + n % 39], EvidenceKind.NOTE, "UDEV1", at(1), note=f"{n}")
            uow.evidence.add(TEAM_A, piece)
        uow.commit()
    assert backend.engine is not None
    with count_statements(backend.engine) as seen:
        record_answer(backend.factory, FixedClock(at(3)), TEAM_A, aid, ids[0], Answer.MET, "ULEAD")
    return seen


def test_a_click_costs_the_same_whatever_evidence_the_assessment_holds(
    sql_backend: Backend,
) -> None:
    """Evidence is looked up for the clicked question only (with the answer's upsert), never
    loaded for the assessment."""
    _click_reads(sql_backend, 0)  # the framework is read once, then cached: warm it
    none, many = _click_reads(sql_backend, 0), _click_reads(sql_backend, 400)
    assert len(none) == len(many)
    evidence_reads = [s for s in many if "FROM evidence" in s]
    assert evidence_reads and all(_by_requirement(s) for s in evidence_reads), evidence_reads


def _by_requirement(statement: str) -> bool:
    """Whether the evidence `statement` reads is narrowed to given requirements."""
    where = statement.split("FROM evidence", 1)[1]
    return "requirement_id IN" in where or "requirement_id = " in where
