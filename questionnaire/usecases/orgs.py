"""Which Enterprise Grid organisation a workspace belongs to, as its requests showed it."""

from __future__ import annotations

from datetime import datetime

from questionnaire.ports import UnitOfWorkFactory


def remember_org(
    uow_factory: UnitOfWorkFactory, team_id: str, enterprise_id: str, at: datetime
) -> None:
    """Record the workspace's organisation (an org-wide install's request named both)."""
    with uow_factory() as uow:
        uow.orgs.remember(team_id, enterprise_id, at)
        uow.commit()


def org_of(uow_factory: UnitOfWorkFactory, team_id: str) -> str | None:
    """The workspace's organisation, if a request ever showed it."""
    with uow_factory() as uow:
        return uow.orgs.org_of(team_id)
