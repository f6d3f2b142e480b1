"""`elsewhere` tells only whether an id belongs to another workspace, on SQL as in the fake."""

from __future__ import annotations

from tests.storage.helpers import TEAM_A, TEAM_B, new_assessment

from .conftest import Backend


def test_elsewhere_is_true_only_for_another_workspaces_assessment(backend: Backend) -> None:
    uow = backend.factory
    with uow() as work:
        aid = new_assessment(work, TEAM_A).id
        work.commit()
    assert aid is not None
    with uow() as work:
        assert work.assessments.elsewhere(TEAM_B, aid)
        assert not work.assessments.elsewhere(TEAM_A, aid)  # its own: not elsewhere
        assert not work.assessments.elsewhere(TEAM_B, aid + 1)  # nobody's
