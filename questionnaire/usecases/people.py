"""The people directory: the display names, time zones and account flags the bot saw in Slack,
so sweeps and messages read them from the database, and reports outside Slack show names."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from questionnaire.domain import Profile
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases.errors import NotAllowed


def remember_names(
    uow_factory: UnitOfWorkFactory, clock: Clock, team_id: str, names: Mapping[str, str]
) -> None:
    """Store or refresh these display names (user id -> name) for the workspace."""
    if not names:
        return
    with uow_factory() as uow:
        uow.people.remember(team_id, names, clock.now())
        uow.commit()


def save_profiles(
    uow_factory: UnitOfWorkFactory, clock: Clock, team_id: str, profiles: Sequence[Profile]
) -> None:
    """Store or refresh these people's profiles, as Slack described them, for the workspace."""
    if not profiles:
        return
    with uow_factory() as uow:
        uow.people.save(team_id, profiles, clock.now())
        uow.commit()


def stored_profiles(
    uow_factory: UnitOfWorkFactory, team_id: str, user_ids: Sequence[str]
) -> dict[str, Profile]:
    """The directory's profiles of these users; the ones it lacks are left out."""
    with uow_factory() as uow:
        return uow.people.profiles(team_id, user_ids)


def first_refresh_today(uow_factory: UnitOfWorkFactory, clock: Clock, team_id: str) -> bool:
    """Claim tonight's refresh of the workspace's directory: True for the first process to ask
    (recorded like a processed event, so every replica's nightly job refreshes it once)."""
    now = clock.now()
    with uow_factory() as uow:
        first = uow.events.first_time(team_id, f"people-directory:{now.date().isoformat()}", now)
        uow.commit()
    return first


def reader_locale(uow: UnitOfWork, team_id: str, user_id: str, default: str) -> str:
    """The locale `user_id` reads the bot in: their Slack locale as the directory keeps it, else
    the language an admin set for the workspace, else `default` (the deployment's)."""
    return uow.people.reader_locale(team_id, user_id) or default


def workspace_language(uow_factory: UnitOfWorkFactory, team_id: str) -> str | None:
    """The language an admin set for the workspace, None when none was set."""
    with uow_factory() as uow:
        return uow.people.workspace_locale(team_id)


def set_workspace_language(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    locale: str | None,
    actor: str,
    admins: Collection[str],
) -> None:
    """Set the language of people whose Slack profile names none (None: the deployment's
    default); admins of the workspace only."""
    if actor not in admins:
        raise NotAllowed(
            Phrase(
                N_(
                    "Only an admin of this workspace can change its language (see `/maturity admins`)."
                )
            )
        )
    with uow_factory() as uow:
        uow.people.set_workspace_locale(team_id, locale, actor, clock.now())
        uow.commit()
