"""Use case: admins per workspace: who counts as one, who may change the list, the last admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.config.clock import FixedClock
from questionnaire.ports import UnitOfWork
from questionnaire.usecases.admins import (
    AdminChange,
    change_admins,
    listed_admins,
    workspace_admins,
)
from questionnaire.usecases.errors import Invalid, NotAllowed
from tests.fakes import MemoryStore
from tests.storage.helpers import T0, TEAM_A, TEAM_B

INSTALLER, OPERATOR, ADA, BOB = "UINSTALL", "UOPERATOR", "UADA", "UBOB"

Factory = Callable[[], UnitOfWork]


@pytest.fixture
def uow() -> Factory:
    return MemoryStore().uow_factory()


def admins(uow: Factory, team: str = TEAM_A, asked: list[str] | None = None) -> set[str]:
    """The workspace's admins: the operator everywhere, the installer by default."""

    def defaults() -> list[str]:
        if asked is not None:
            asked.append(team)
        return [INSTALLER]

    return set(workspace_admins(uow, team, {OPERATOR}, defaults))


def change(uow: Factory, actor: str, *people: str, add: bool = True) -> AdminChange:
    found = admins(uow)
    return change_admins(uow, FixedClock(T0), TEAM_A, list(people), actor, found, add=add)


def test_while_none_are_listed_the_defaults_are_admins_and_may_list_people(uow: Factory) -> None:
    assert admins(uow) == {OPERATOR, INSTALLER}
    with pytest.raises(NotAllowed, match="Only an admin"):
        change(uow, ADA, ADA)
    added = change(uow, INSTALLER, ADA, BOB)
    assert added.changed == [ADA, BOB] and added.unchanged == []
    assert [(a.user_id, a.added_by, a.added_at) for a in added.admins] == [
        (ADA, INSTALLER, T0),
        (BOB, INSTALLER, T0),
    ]
    # Listed now: the defaults are asked no more, and are no admins; the operator still is.
    asked: list[str] = []
    assert admins(uow, asked=asked) == {OPERATOR, ADA, BOB} and asked == []
    with pytest.raises(NotAllowed):
        change(uow, INSTALLER, INSTALLER)
    assert change(uow, OPERATOR, ADA).unchanged == [ADA]


def test_the_list_is_the_workspace_s_own(uow: Factory) -> None:
    change(uow, INSTALLER, ADA)
    assert admins(uow, TEAM_B) == {OPERATOR, INSTALLER}
    assert listed_admins(uow, TEAM_B) == []


def test_admins_remove_others_but_never_the_last_one(uow: Factory) -> None:
    change(uow, INSTALLER, ADA, BOB)
    with pytest.raises(NotAllowed, match="Only an admin"):
        change(uow, INSTALLER, ADA, add=False)
    with pytest.raises(NotAllowed, match="without admins"):
        change(uow, ADA, ADA, BOB, add=False)
    removed = change(uow, ADA, BOB, OPERATOR, add=False)
    assert removed.changed == [BOB] and removed.unchanged == [OPERATOR]
    assert [a.user_id for a in listed_admins(uow, TEAM_A)] == [ADA]
    with pytest.raises(NotAllowed, match="without admins"):
        change(uow, ADA, ADA, add=False)


def test_someone_must_be_named(uow: Factory) -> None:
    with pytest.raises(Invalid, match="Mention"):
        change(uow, INSTALLER)


def test_the_defaults_are_asked_once_and_only_about_someone_not_known(uow: Factory) -> None:
    asked: list[int] = []

    def defaults() -> list[str]:
        asked.append(1)
        return [INSTALLER]

    found = workspace_admins(uow, TEAM_A, {OPERATOR}, defaults)
    assert OPERATOR in found and asked == []  # no Slack call for who is known already
    assert INSTALLER in found and ADA not in found and asked == [1]
