"""Confirming last time's answers costs a constant handful of statements per confirmed answer,
whatever the framework size."""

from __future__ import annotations

from bot.config.clock import FixedClock
from questionnaire.domain import Answer, AssessmentStatus
from questionnaire.usecases.answering import confirm_answers

from .conftest import Backend
from .helpers import TEAM_A, at, make_framework, new_assessment
from .test_statements import count_statements


def _carried(backend: Backend, size: int) -> tuple[int, list[str]]:
    """A continuing assessment of `size` requirements, every answer to confirm; ids, dev's first."""
    framework = make_framework(size, version=str(size))
    ids = [loc.requirement.id for loc in framework.requirements()]
    with backend.factory() as uow:
        old = new_assessment(
            uow, name=f"old {size}", framework=framework, status=AssessmentStatus.COMPLETED
        )
        assert old.id is not None
        for rid in ids:
            uow.answers.record(TEAM_A, old.id, rid, Answer.NOT_MET, "UDEV1", at(1))
        new = new_assessment(uow, name=f"new {size}", framework=framework, previous_id=old.id)
        assert new.id is not None
        uow.answers.carry_over(TEAM_A, old.id, new.id, ids)
        uow.commit()
    with backend.factory() as uow:  # snapshots are cached once loaded: count every call alike
        uow.frameworks.load(new.framework_hash)
    return new.id, ids[1::2]  # odd ones are dev's


def _costs(backend: Backend, size: int) -> list[int]:
    """The statements of confirming 1, 2 and 3 answers (different ones, in one assessment)."""
    aid, dev = _carried(backend, size)
    assert backend.engine is not None
    costs = []
    for first, confirmed in ((0, 1), (1, 2), (3, 3)):
        with count_statements(backend.engine) as seen:
            outcome = confirm_answers(
                backend.factory,
                FixedClock(at(9)),
                TEAM_A,
                aid,
                dev[first : first + confirmed],
                "UDEV1",
            )
        assert len(outcome.confirmed) == confirmed
        costs.append(len(seen))
    return costs


def test_statements_grow_by_one_answers_worth_per_confirmed_answer(sql_backend: Backend) -> None:
    small, large = _costs(sql_backend, 16), _costs(sql_backend, 240)  # 6 of dev's confirmed
    assert small == large
    per_answer = small[1] - small[0]
    assert small[2] - small[1] == per_answer <= 4  # what recording one answer costs
    assert small[0] - per_answer <= 6, small  # begin, assessment, roles, states, evidence
