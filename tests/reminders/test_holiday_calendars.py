"""Public holiday calendars: each person skips their own country's holidays (from their Slack
time zone where it names one), others the workspace's; typed holidays still apply to all."""

from __future__ import annotations

from datetime import date

from questionnaire.calendars import Calendar, calendar_for
from questionnaire.reminders.sweep import Person

from .world import DEV, LEAD, OPS, TEAM, World, at, days

XMAS = date(2026, 12, 25)  # a Friday: a public holiday in Germany, not in China
SPRING_FESTIVAL = date(2027, 2, 8)  # a Monday: a public holiday in China, not in Germany


def _berlin_and_shanghai(calendar: Calendar | None) -> World:
    """DEV works from Shanghai (the world's default), OPS from Berlin."""
    world = World()
    world.directory.people[OPS] = Person(OPS, "Europe/Berlin", 3600)
    world.add()
    with world.uow_factory() as uow:
        uow.holidays.set_calendar(TEAM, calendar, LEAD, at(XMAS - days(60), 9))
        uow.commit()
    return world


def test_berlin_and_shanghai_each_skip_only_their_own_public_holidays() -> None:
    world = _berlin_and_shanghai(Calendar("DE"))
    world.sweep_every(at(XMAS - days(1), 0), at(XMAS + days(1), 0), days(1) / 24)
    assert world.digest_days(DEV, 8) == [XMAS - days(1), XMAS]
    assert world.digest_days(OPS, 1) == [XMAS - days(1)]

    world.sweep_every(at(SPRING_FESTIVAL, 0), at(SPRING_FESTIVAL + days(1), 0), days(1) / 24)
    assert world.digest_days(DEV, 8)[-1] == XMAS  # nothing on the Spring Festival
    assert world.digest_days(OPS, 1)[-1] == SPRING_FESTIVAL


def test_without_a_workspace_calendar_public_holidays_change_nothing() -> None:
    world = _berlin_and_shanghai(None)
    world.sweep_every(at(XMAS - days(1), 0), at(XMAS + days(1), 0), days(1) / 24)
    assert world.digest_days(OPS, 1) == [XMAS - days(1), XMAS]


def test_a_time_zone_names_a_country_only_when_it_is_unambiguous() -> None:
    bavaria = Calendar("DE", "BY")
    assert calendar_for("Asia/Shanghai", bavaria) == Calendar("CN")
    assert calendar_for("Europe/Berlin", bavaria) == bavaria  # the workspace's region kept
    assert calendar_for("UTC", bavaria) == bavaria  # no country: the workspace's
    assert calendar_for(None, bavaria) == bavaria
    assert calendar_for("Asia/Shanghai", None) is None  # off until the workspace picks one
