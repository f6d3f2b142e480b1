"""Admins of a workspace: the people listed in it and the operators' list (admins everywhere),
and, while the workspace lists none, who installed the app and Slack's own admins and owners.
Admins change the list; it never becomes empty once someone is on it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from questionnaire.domain import WorkspaceAdmin
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.usecases.errors import Invalid, NotAllowed

MAX_ADMINS = 50  # per workspace: a list, not a directory


@dataclass(frozen=True, slots=True)
class AdminChange:
    changed: list[str]  # added, or removed
    unchanged: list[str]  # already listed (add), or not listed (remove)
    admins: list[WorkspaceAdmin]  # the workspace's list afterwards


def listed_admins(uow_factory: UnitOfWorkFactory, team_id: str) -> list[WorkspaceAdmin]:
    """The people listed as admins of the workspace, in the order they were added."""
    with uow_factory() as uow:
        return uow.admins.list(team_id)


class Admins(Collection[str]):
    """Who is an admin of a workspace: `known` for certain and, while it lists none, whoever
    `defaults()` names, asked only when someone outside `known` is looked up (it may ask Slack)."""

    def __init__(
        self, known: frozenset[str], defaults: Callable[[], Iterable[str]] | None = None
    ) -> None:
        self._known = known
        self._defaults = defaults

    def _all(self) -> frozenset[str]:
        if self._defaults is not None:
            self._known, self._defaults = self._known | frozenset(self._defaults()), None
        return self._known

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._known or (self._defaults is not None and user_id in self._all())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def workspace_admins(
    uow_factory: UnitOfWorkFactory,
    team_id: str,
    operators: Collection[str],
    defaults: Callable[[], Iterable[str]],
) -> Admins:
    """Who is an admin of the workspace: the people listed in it and the `operators`; while it
    lists none, also `defaults()` (the installer, Slack's admins), asked only when needed."""
    listed = frozenset(a.user_id for a in listed_admins(uow_factory, team_id))
    return admins_given(listed, operators, defaults)


def admins_given(
    listed: frozenset[str], operators: Collection[str], defaults: Callable[[], Iterable[str]]
) -> Admins:
    """`workspace_admins` for a caller that read (or remembered) the workspace's `listed` ones."""
    return Admins(listed | frozenset(operators), None if listed else defaults)


def change_admins(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    user_ids: Sequence[str],
    actor: str,
    admins: Collection[str],
    *,
    add: bool,
) -> AdminChange:
    """List people as admins of the workspace, or take them off (the actor must be one of its
    `admins`, as `workspace_admins` gave them); the last listed admin stays."""
    if not user_ids:
        raise Invalid({"people": Phrase(N_("Mention at least one person, like `@maria`."))})
    if actor not in admins:
        raise NotAllowed(Phrase(N_("Only an admin of this workspace can change its admins.")))
    wanted = set(user_ids)
    with uow_factory() as uow:
        existing = {a.user_id for a in uow.admins.list(team_id)}
        if add:
            changed = wanted - existing
            if len(existing | changed) > MAX_ADMINS:
                raise Invalid(
                    {
                        "people": Phrase(
                            N_("A workspace can list at most %(max)d admins."), max=MAX_ADMINS
                        )
                    }
                )
            uow.admins.add(team_id, sorted(changed), actor, clock.now())
        else:
            changed = wanted & existing
            if existing and not existing - changed:
                raise NotAllowed(
                    Phrase(
                        N_("That would leave the workspace without admins: add another one first.")
                    )
                )
            uow.admins.remove(team_id, sorted(changed))
        after = uow.admins.list(team_id)
        uow.commit()
    return AdminChange(sorted(changed), sorted(wanted - changed), after)
