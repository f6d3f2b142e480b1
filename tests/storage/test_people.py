"""The people directory on every backend: names and profiles, refreshed, per workspace, only
when committed."""

from __future__ import annotations

from dataclasses import replace

from questionnaire.domain import Profile

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


def test_profiles_are_saved_read_in_bulk_and_kept_apart_from_names(backend: Backend) -> None:
    ada = Profile("U1", "Ada", "Asia/Tokyo", 9 * 3600, "ja-JP", is_admin=True)
    with backend.factory() as uow:
        uow.people.remember(TEAM_A, {"U2": "Named only"}, at(0))
        uow.people.save(TEAM_A, [ada, Profile("U3", "Gone", deleted=True)], at(0))
        uow.people.save(TEAM_B, [Profile("U1", "Elsewhere", "UTC", 0)], at(0))
        uow.commit()
    with backend.factory() as uow:
        uow.people.save(TEAM_A, [replace(ada, tz="Europe/Paris", tz_offset=3600)], at(1))
        uow.people.remember(TEAM_A, {"U1": "Ada L."}, at(1))  # a name keeps the profile
        uow.commit()
    with backend.factory() as uow:
        found = uow.people.profiles(TEAM_A, ["U1", "U2", "U3", "U9"])
        assert found == {
            "U1": replace(ada, display_name="Ada L.", tz="Europe/Paris", tz_offset=3600),
            "U3": Profile("U3", "Gone", deleted=True),
        }
        assert uow.people.names(TEAM_A) == {"U1": "Ada L.", "U2": "Named only", "U3": "Gone"}
        assert uow.people.profiles(TEAM_B, ["U1"])["U1"].display_name == "Elsewhere"
