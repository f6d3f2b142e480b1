"""Workspace holidays: the sweep skips them like an assessment's own, and only in that workspace."""

from __future__ import annotations

from datetime import date, timedelta

from questionnaire.domain import ReminderPolicy

from .world import DEV, LEAD, MON, OPS, TEAM, World, at, days

HOUR = timedelta(hours=1)


def _workspace_holidays(world: World, team: str, *dates: date) -> None:
    with world.uow_factory() as uow:
        uow.holidays.add(team, list(dates), LEAD, at(MON - days(7), 9))
        uow.commit()


def test_a_workspace_holiday_skips_the_reminder_like_an_assessment_holiday() -> None:
    world = World()
    aid = world.add(ReminderPolicy(holidays=(MON + days(2),)))  # Wednesday: its own holiday
    _workspace_holidays(world, TEAM, MON + days(1))  # Tuesday: the workspace's
    world.sweep_every(at(MON, 0), at(MON + days(4), 0), HOUR)
    assert world.digest_days(DEV, 8) == [MON, MON + days(3)]
    assert world.digest_days(OPS, -5) == [MON, MON + days(3)]
    with world.uow_factory() as uow:  # the sweep applies the merged list but never saves it
        stored = uow.assessments.get(TEAM, aid)
    assert stored is not None and stored.reminder_policy.holidays == (MON + days(2),)


def test_another_workspaces_holiday_changes_nothing() -> None:
    world = World()
    world.add()
    _workspace_holidays(world, "T2", MON)
    world.sweep(at(MON, 2))
    assert world.digest_days(DEV, 8) == [MON]
