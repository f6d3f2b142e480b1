"""The assessment locked with its states in one statement reads what `lock` and
`AnswerRepository.states` read, on every backend."""

from __future__ import annotations

from questionnaire.domain import Answer

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at, new_assessment


def test_the_assessment_and_its_states_read_together_are_what_each_read_alone(
    backend: Backend,
) -> None:
    with backend.factory() as uow:
        added = new_assessment(uow, roles={"dev": ["UDEV1", "UDEV2"], "qa": ["UQA1"]})
        aid = added.id
        assert aid is not None
        uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(1))
        uow.answers.record(TEAM_A, aid, "R002", Answer.PARTIAL, "UDEV2", at(2))
        uow.answers.set_comment(
            TEAM_A, aid, "R002", 'a "quoted" note, ünïcode & <tags>', "U", at(3)
        )
        uow.answers.record(TEAM_A, aid, "R003", Answer.NOT_MET, "UDEV1", at(4))
        uow.answers.record(TEAM_A, aid, "R003", None, "UDEV1", at(5))  # cleared: no state
        uow.answers.delegate(TEAM_A, aid, ["R004"], "UQA1", "UDEV1", at(6))
        uow.commit()
    with backend.factory() as uow:
        found = uow.assessments.lock_with_states(TEAM_A, aid)
        assert found is not None
        assessment, states = found
        assert assessment == uow.assessments.lock(TEAM_A, aid)
        assert states == uow.answers.states(TEAM_A, aid)
        assert sorted(states) == ["R001", "R002", "R004"]
        assert states["R001"].answered_at == at(1) and states["R001"].answered_at.tzinfo
        assert uow.assessments.lock_with_states(TEAM_B, aid) is None  # another workspace's


def test_an_assessment_without_states_or_holders(backend: Backend) -> None:
    with backend.factory() as uow:
        added = new_assessment(uow, roles={})
        uow.commit()
    assert added.id is not None
    with backend.factory() as uow:
        found = uow.assessments.lock_with_states(TEAM_A, added.id)
        assert found is not None and found[1] == {}
        assert found[0] == uow.assessments.lock(TEAM_A, added.id)
