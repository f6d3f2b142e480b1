"""Admins per workspace on every backend: listed once each, removed, per workspace, committed."""

from __future__ import annotations

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at


def test_admins_are_listed_once_in_order_and_removed_per_workspace(backend: Backend) -> None:
    with backend.factory() as uow:
        assert uow.admins.add(TEAM_A, ["U2", "U1", "U2"], "UINSTALL", at(0)) == 2
        assert uow.admins.add(TEAM_B, ["U1"], "UOTHER", at(0)) == 1
        uow.commit()
    with backend.factory() as uow:
        assert uow.admins.add(TEAM_A, ["U1", "U3"], "U1", at(1)) == 1  # U1 keeps its row
        assert uow.admins.add(TEAM_A, [], "U1", at(1)) == 0
        uow.commit()
    with backend.factory() as uow:
        uow.admins.add(TEAM_A, ["U9"], "U1", at(2))  # not committed
    with backend.factory() as uow:
        listed = [(a.user_id, a.added_by, a.added_at) for a in uow.admins.list(TEAM_A)]
        assert listed == [("U1", "UINSTALL", at(0)), ("U2", "UINSTALL", at(0)), ("U3", "U1", at(1))]
        assert uow.admins.remove(TEAM_A, ["U2", "U7"]) == 1
        assert uow.admins.remove(TEAM_A, []) == 0
        uow.commit()
    with backend.factory() as uow:
        assert [a.user_id for a in uow.admins.list(TEAM_A)] == ["U1", "U3"]
        assert [a.user_id for a in uow.admins.list(TEAM_B)] == ["U1"]
