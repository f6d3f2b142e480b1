"""Remembering the display names the bot saw, so reports outside Slack show names, not ids."""

from __future__ import annotations

from collections.abc import Mapping

from questionnaire.ports import Clock, UnitOfWorkFactory


def remember_names(
    uow_factory: UnitOfWorkFactory, clock: Clock, team_id: str, names: Mapping[str, str]
) -> None:
    """Store or refresh these display names (user id -> name) for the workspace."""
    if not names:
        return
    with uow_factory() as uow:
        uow.people.remember(team_id, names, clock.now())
        uow.commit()
