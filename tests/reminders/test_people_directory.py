"""The sweep reads people from the people directory in the database, in bulk, and asks the
directory port (Slack's `users.info` in production) only about people the database lacks."""

from __future__ import annotations

from questionnaire.domain import Profile

from .world import DEV, LEAD, MON, OPS, TEAM, World, at


def test_stored_profiles_win_and_only_the_people_missing_are_asked_for() -> None:
    world = World()
    world.add()
    with world.uow_factory() as uow:  # moved to Paris (10:00 is 09:00 UTC in November)
        uow.people.save(TEAM, [Profile(DEV, "Dev", "Europe/Paris", 3600)], at(MON, 0))
        uow.people.remember(TEAM, {OPS: "Ops"}, at(MON, 0))  # a name only: not a profile
        uow.commit()
    world.directory.failing = {DEV}  # asking the port about DEV would fail the sweep for them
    assert world.sweep(at(MON, 2)).sent == 0  # 10:00 in Shanghai, where the port puts DEV
    report = world.sweep(at(MON, 9))
    assert (report.sent, report.failed) == (1, 0)
    assert [u for _, u, _ in world.sent()] == [DEV]
    assert world.sweep(at(MON, 15)).sent == 1  # OPS, from the port: 10:00 in New York


def test_a_deactivated_account_in_the_directory_is_not_reminded_its_lead_is() -> None:
    world = World()
    world.add()
    with world.uow_factory() as uow:
        uow.people.save(TEAM, [Profile(DEV, "Dev", "Asia/Shanghai", deleted=True)], at(MON, 0))
        uow.commit()
    assert world.sweep(at(MON, 2)).sent == 0  # 10:00 in Shanghai
    assert world.sweep(at(MON, 10)).sent == 1  # 10:00 for the lead, who holds DEV's questions
    assert [u for _, u, _ in world.sent()] == [LEAD]
