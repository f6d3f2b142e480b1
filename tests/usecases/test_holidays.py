"""Use case: the workspace's holidays (no reminders on them): who may change them, and how."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot.config.clock import FixedClock
from questionnaire.calendars import Calendar
from questionnaire.domain import AssessmentStatus
from questionnaire.holidays import MAX_HOLIDAYS, parse_dates
from questionnaire.ports import UnitOfWork
from questionnaire.usecases.errors import Invalid, NotAllowed
from questionnaire.usecases.holidays import (
    HolidayChange,
    change_calendar,
    change_holidays,
    may_change_holidays,
    workspace_calendar,
    workspace_holidays,
)
from tests.fakes import MemoryStore
from tests.storage.helpers import T0, TEAM_A, TEAM_B, new_assessment

LEAD, ADMIN, DEV = "ULEAD", "UADMIN", "UDEV1"
XMAS, NEW_YEAR = date(2026, 12, 25), date(2027, 1, 1)

Factory = Callable[[], UnitOfWork]


@pytest.fixture
def uow() -> Factory:
    return MemoryStore().uow_factory()


def _assessment(uow: Factory, status: AssessmentStatus = AssessmentStatus.ACTIVE) -> int:
    with uow() as work:
        added = new_assessment(work, status=status)
        work.commit()
    assert added.id is not None
    return added.id


def add_holidays(
    uow: Factory, team: str, days: list[date], actor: str, *admins: str
) -> HolidayChange:
    return change_holidays(uow, FixedClock(T0), team, days, actor, set(admins), add=True)


def remove_holidays(
    uow: Factory, team: str, days: list[date], actor: str, *admins: str
) -> HolidayChange:
    return change_holidays(uow, FixedClock(T0), team, days, actor, set(admins), add=False)


def test_with_admins_configured_only_admins_change_workspace_holidays(uow: Factory) -> None:
    _assessment(uow)
    with pytest.raises(NotAllowed, match="admin"):
        add_holidays(uow, TEAM_A, [XMAS], LEAD, ADMIN)
    change = add_holidays(uow, TEAM_A, [XMAS, NEW_YEAR], ADMIN, ADMIN)
    assert (change.changed, change.unchanged, change.holidays) == (
        [XMAS, NEW_YEAR],
        [],
        [XMAS, NEW_YEAR],
    )
    with pytest.raises(NotAllowed):
        remove_holidays(uow, TEAM_A, [XMAS], LEAD, ADMIN)
    assert workspace_holidays(uow, TEAM_A) == [XMAS, NEW_YEAR]


def test_without_admins_leads_of_active_assessments_change_them(uow: Factory) -> None:
    _assessment(uow, AssessmentStatus.COMPLETED)
    with pytest.raises(NotAllowed, match="lead of an active assessment"):
        add_holidays(uow, TEAM_A, [XMAS], LEAD)  # only a closed one so far
    _assessment(uow)
    assert add_holidays(uow, TEAM_A, [XMAS], LEAD).changed == [XMAS]
    with pytest.raises(NotAllowed):
        add_holidays(uow, TEAM_A, [NEW_YEAR], DEV)
    with pytest.raises(NotAllowed):  # leading in one workspace gives no rights in another
        add_holidays(uow, TEAM_B, [NEW_YEAR], LEAD)
    again = add_holidays(uow, TEAM_A, [XMAS, NEW_YEAR], LEAD)
    assert (again.changed, again.unchanged) == ([NEW_YEAR], [XMAS])
    gone = remove_holidays(uow, TEAM_A, [XMAS, date(2027, 5, 1)], LEAD)
    assert (gone.changed, gone.unchanged, gone.holidays) == ([XMAS], [date(2027, 5, 1)], [NEW_YEAR])


def test_who_may_change_holidays_is_known_before_trying(uow: Factory) -> None:
    _assessment(uow)
    assert may_change_holidays(uow, TEAM_A, ADMIN, {ADMIN})
    assert not may_change_holidays(uow, TEAM_A, LEAD, {ADMIN})
    assert may_change_holidays(uow, TEAM_A, LEAD)  # no admins: leads of active assessments
    assert not may_change_holidays(uow, TEAM_A, DEV)
    assert not may_change_holidays(uow, TEAM_B, LEAD)


def test_holiday_lists_are_bounded_and_need_a_date(uow: Factory) -> None:
    _assessment(uow)
    with pytest.raises(Invalid, match="at least one date"):
        add_holidays(uow, TEAM_A, [], LEAD)
    many = [date.fromordinal(XMAS.toordinal() + n) for n in range(MAX_HOLIDAYS)]
    add_holidays(uow, TEAM_A, many, LEAD)
    with pytest.raises(Invalid, match=f"at most {MAX_HOLIDAYS}"):
        add_holidays(uow, TEAM_A, [date(2030, 1, 1)], LEAD)
    assert add_holidays(uow, TEAM_A, many[:2], LEAD).changed == []  # no growth


def test_parse_dates_keeps_valid_dates_and_names_the_rest() -> None:
    assert parse_dates(" 2027-01-01, 2026-12-25;2026-12-25\n2026-12-24 ") == (
        [date(2026, 12, 24), XMAS, NEW_YEAR],
        [],
    )
    assert parse_dates("2026-02-30 20261225 25/12/2026 tomorrow 2026-12-25") == (
        [XMAS],
        ["2026-02-30", "20261225", "25/12/2026", "tomorrow"],
    )
    assert parse_dates("  ") == ([], [])


def test_each_workspace_has_its_own_holidays(uow: Factory) -> None:
    _assessment(uow)
    add_holidays(uow, TEAM_A, [XMAS], ADMIN, ADMIN)
    assert add_holidays(uow, TEAM_B, [XMAS, NEW_YEAR], ADMIN, ADMIN).changed == [XMAS, NEW_YEAR]
    assert remove_holidays(uow, TEAM_B, [XMAS], ADMIN, ADMIN).holidays == [NEW_YEAR]
    assert workspace_holidays(uow, TEAM_A) == [XMAS]


def test_a_refusal_changes_nothing_and_no_change_queues_a_message() -> None:
    store = MemoryStore()
    uow = store.uow_factory()
    _assessment(uow)
    add_holidays(uow, TEAM_A, [XMAS], LEAD)
    before = store.tables.snapshot()
    with pytest.raises(NotAllowed):
        remove_holidays(uow, TEAM_A, [XMAS], DEV)
    with pytest.raises(Invalid):
        remove_holidays(uow, TEAM_A, [], LEAD)
    assert store.tables == before
    assert store.tables.outbox == {}


def test_a_workspace_picks_a_country_and_region_checked_against_the_calendars(
    uow: Factory,
) -> None:
    _assessment(uow)  # LEAD leads it: without admins, leads may
    assert change_calendar(uow, FixedClock(T0), TEAM_A, "de", LEAD, subdivision="by") == (
        Calendar("DE", "BY")
    )
    assert workspace_calendar(uow, TEAM_A) == Calendar("DE", "BY")
    assert workspace_calendar(uow, TEAM_B) is None
    for country, region in (("XX", None), ("DE", "QQ")):
        with pytest.raises(Invalid):
            change_calendar(uow, FixedClock(T0), TEAM_A, country, LEAD, subdivision=region)
    with pytest.raises(NotAllowed):
        change_calendar(uow, FixedClock(T0), TEAM_A, "CN", DEV, {ADMIN})
    assert change_calendar(uow, FixedClock(T0), TEAM_A, None, ADMIN, {ADMIN}) is None
    assert workspace_calendar(uow, TEAM_A) is None
