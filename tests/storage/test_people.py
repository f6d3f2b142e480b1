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


def test_a_readers_locale_is_their_own_then_the_workspaces(backend: Backend) -> None:
    with backend.factory() as uow:
        uow.people.save(TEAM_A, [Profile("U1", "Li", locale="zh-CN"), Profile("U2", "Jo")], at(0))
        uow.people.remember(TEAM_A, {"U3": "Named only"}, at(0))
        uow.commit()
    with backend.factory() as uow:
        assert uow.people.reader_locale(TEAM_A, "U1") == "zh-CN"
        assert uow.people.reader_locale(TEAM_A, "U2") is None  # no locale in the profile
        assert uow.people.workspace_locale(TEAM_A) is None
    with backend.factory() as uow:
        uow.people.set_workspace_locale(TEAM_A, "zh", "UADMIN", at(1))
        uow.people.set_workspace_locale(TEAM_B, "en", "UADMIN", at(1))
        uow.commit()
    with backend.factory() as uow:
        assert uow.people.reader_locale(TEAM_A, "U1") == "zh-CN"  # their own comes first
        assert [uow.people.reader_locale(TEAM_A, u) for u in ("U2", "U3", "U9")] == ["zh"] * 3
        assert uow.people.reader_locale(TEAM_B, "U1") == "en"
        uow.people.set_workspace_locale(TEAM_A, None, "UADMIN", at(2))
        uow.commit()
    with backend.factory() as uow:
        assert uow.people.workspace_locale(TEAM_A) is None
        assert uow.people.reader_locale(TEAM_A, "U2") is None
