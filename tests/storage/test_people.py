"""Display names on every backend: remembered, refreshed, per workspace, only when committed."""

from __future__ import annotations

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at


def test_names_are_remembered_and_refreshed_per_workspace(backend: Backend) -> None:
    with backend.factory() as uow:
        uow.people.remember(TEAM_A, {"U1": "Maria", "U2": "Jon"}, at(0))
        uow.people.remember(TEAM_B, {"U1": "Someone else"}, at(0))
        uow.commit()
    with backend.factory() as uow:
        uow.people.remember(TEAM_A, {"U2": "Jon R.", "U3": "x" * 300}, at(1))
        uow.people.remember(TEAM_A, {}, at(1))
        uow.commit()
    with backend.factory() as uow:
        uow.people.remember(TEAM_A, {"U1": "Not committed"}, at(2))
    with backend.factory() as uow:
        assert uow.people.names(TEAM_A) == {"U1": "Maria", "U2": "Jon R.", "U3": "x" * 255}
        assert uow.people.names(TEAM_B) == {"U1": "Someone else"}
