"""Use cases: who may change an assessment's reminder policy and the workspace's holidays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest

from bot.config.clock import FixedClock
from questionnaire.domain import AssessmentStatus, ReminderPolicy
from questionnaire.holidays import MAX_HOLIDAYS, parse_dates
from questionnaire.ports import UnitOfWork
from questionnaire.usecases.admin import update_policy
from questionnaire.usecases.errors import Closed, Invalid, NotAllowed, NotFound
from questionnaire.usecases.holidays import (
    HolidayChange,
    change_holidays,
    may_change_holidays,
    workspace_holidays,
)
from tests.fakes import MemoryStore
from tests.storage.helpers import T0, TEAM_A, TEAM_B, new_assessment

LEAD, ADMIN, DEV = "ULEAD", "UADMIN", "UDEV1"
XMAS, NEW_YEAR = date(2026, 12, 25), date(2027, 1, 1)
NEW_POLICY = ReminderPolicy(cadence="days", days=(0, 3), local_time=time(8, 30), grace_days=0)

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


def _stored_policy(uow: Factory, aid: int) -> ReminderPolicy:
    with uow() as work:
        found = work.assessments.get(TEAM_A, aid)
    assert found is not None
    return found.reminder_policy


def add_holidays(
    uow: Factory, team: str, days: list[date], actor: str, *admins: str
) -> HolidayChange:
    return change_holidays(uow, FixedClock(T0), team, days, actor, set(admins), add=True)


def remove_holidays(
    uow: Factory, team: str, days: list[date], actor: str, *admins: str
) -> HolidayChange:
    return change_holidays(uow, FixedClock(T0), team, days, actor, set(admins), add=False)


@pytest.mark.parametrize("actor", [LEAD, ADMIN])
def test_the_lead_or_an_admin_changes_the_policy(uow: Factory, actor: str) -> None:
    aid = _assessment(uow)
    updated = update_policy(uow, FixedClock(T0), TEAM_A, aid, NEW_POLICY, actor, ADMIN)
    assert updated.reminder_policy == NEW_POLICY == _stored_policy(uow, aid)


def test_anyone_else_is_refused_and_nothing_changes(uow: Factory) -> None:
    aid = _assessment(uow)
    with pytest.raises(NotAllowed, match="Only the lead"):
        update_policy(uow, FixedClock(T0), TEAM_A, aid, NEW_POLICY, DEV, ADMIN)
    assert _stored_policy(uow, aid) == ReminderPolicy()


def test_a_closed_or_foreign_assessment_cannot_be_changed(uow: Factory) -> None:
    closed = _assessment(uow, AssessmentStatus.COMPLETED)
    with pytest.raises(Closed) as refused:
        update_policy(uow, FixedClock(T0), TEAM_A, closed, NEW_POLICY, LEAD)
    # About settings, as `/maturity settings` says it, not about answers.
    assert str(refused.value).endswith(" is closed: it sends no more reminders or digests.")
    with pytest.raises(NotFound):
        update_policy(uow, FixedClock(T0), TEAM_B, closed, NEW_POLICY, LEAD)
    assert _stored_policy(uow, closed) == ReminderPolicy()


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
