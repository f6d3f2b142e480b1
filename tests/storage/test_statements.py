"""Recording an answer costs a constant handful of statements, whatever the framework size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from questionnaire.domain import Answer, Position

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


def _costs(backend: Backend, size: int) -> tuple[int, int, int]:
    """Statements for a first answer, a changed answer, and loading one person's next question."""
    assert backend.engine is not None
    framework = make_framework(size, version=str(size))
    ids = [loc.requirement.id for loc in framework.requirements()]
    with backend.factory() as uow:
        added = new_assessment(uow, name=f"size {size}", framework=framework)
        assert added.id is not None
        aid = added.id
        for requirement_id in ids[1:]:
            uow.answers.record(TEAM_A, aid, requirement_id, Answer.MET, "UDEV1", at(1))
        uow.positions.save(TEAM_A, Position(aid, "UDEV1", "I1"))
        uow.commit()
    costs = []
    for answer in (Answer.MET, Answer.PARTIAL):
        with backend.factory() as uow:
            uow.assessments.get(TEAM_A, aid)  # the transaction is open before counting
            with count_statements(backend.engine) as seen:
                uow.answers.record(TEAM_A, aid, ids[0], answer, "UDEV1", at(2))
            uow.commit()
        costs.append(len(seen))
    with backend.factory() as uow:
        uow.assessments.get(TEAM_A, aid)
        with count_statements(backend.engine) as seen:
            states = uow.answers.states(TEAM_A, aid)
            uow.positions.get(TEAM_A, aid, "UDEV1")
        assert len(states) == size
    return costs[0], costs[1], len(seen)


def test_record_answer_statement_count_does_not_grow_with_the_framework(
    sql_backend: Backend,
) -> None:
    small = _costs(sql_backend, 8)
    large = _costs(sql_backend, 240)
    assert small == large
    first, change, load = large
    assert first <= 4 and change <= 4  # ensure row, lock it, update it, history row
    assert load == 2
