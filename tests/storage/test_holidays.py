"""Workspace holidays on every backend: add, list, remove, per workspace, only when committed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at

XMAS, BOXING, NEW_YEAR = date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)


def test_add_list_and_remove_count_only_real_changes(backend: Backend) -> None:
    with backend.factory() as uow:
        assert uow.holidays.add(TEAM_A, [NEW_YEAR, XMAS, XMAS], "ULEAD", at(0)) == 2
        uow.commit()
    with backend.factory() as uow:
        assert uow.holidays.add(TEAM_A, [XMAS, BOXING], "ULEAD", at(1)) == 1
        assert uow.holidays.add(TEAM_A, [], "ULEAD", at(1)) == 0
        uow.commit()
    with backend.factory() as uow:
        assert uow.holidays.list(TEAM_A) == [XMAS, BOXING, NEW_YEAR]
        assert uow.holidays.remove(TEAM_A, [BOXING, date(2027, 5, 1)]) == 1
        assert uow.holidays.remove(TEAM_A, []) == 0
        uow.commit()
    with backend.factory() as uow:
        assert uow.holidays.list(TEAM_A) == [XMAS, NEW_YEAR]


def test_holidays_belong_to_one_workspace(backend: Backend) -> None:
    with backend.factory() as uow:
        uow.holidays.add(TEAM_A, [XMAS], "ULEAD", at(0))
        uow.holidays.add(TEAM_B, [XMAS, NEW_YEAR], "UOTHER", at(0))
        uow.commit()
    with backend.factory() as uow:
        assert uow.holidays.remove(TEAM_A, [NEW_YEAR]) == 0  # only TEAM_B has it
        assert uow.holidays.remove(TEAM_B, [XMAS]) == 1
        uow.commit()
    with backend.factory() as uow:
        assert uow.holidays.list(TEAM_A) == [XMAS]
        assert uow.holidays.list(TEAM_B) == [NEW_YEAR]
        assert uow.holidays.list("T0NOBODY") == []


def test_uncommitted_changes_roll_back(backend: Backend) -> None:
    with backend.factory() as uow:
        uow.holidays.add(TEAM_A, [XMAS], "ULEAD", at(0))
        uow.commit()
    with backend.factory() as uow:
        uow.holidays.add(TEAM_A, [NEW_YEAR], "ULEAD", at(1))
        uow.holidays.remove(TEAM_A, [XMAS])
    with backend.factory() as uow:
        assert uow.holidays.list(TEAM_A) == [XMAS]


def test_one_read_serves_a_whole_sweep_and_sees_its_own_changes(sql_backend: Backend) -> None:
    """The sweep asks once per assessment; the workspace's list is read once per unit of work."""
    assert sql_backend.engine is not None
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(sql_backend.engine, "before_cursor_execute", count)
    try:
        with sql_backend.factory() as uow:
            for _ in range(5):
                assert uow.holidays.list(TEAM_A) == []
            assert len([s for s in statements if s.startswith("SELECT")]) == 1
            uow.holidays.add(TEAM_A, [XMAS], "ULEAD", at(0))
            assert uow.holidays.list(TEAM_A) == [XMAS]
            uow.holidays.remove(TEAM_A, [XMAS])
            assert uow.holidays.list(TEAM_A) == []
    finally:
        event.remove(sql_backend.engine, "before_cursor_execute", count)
