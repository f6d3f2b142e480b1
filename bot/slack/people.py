"""Slack's user objects as the people directory stores them, and the nightly `users.list` pass."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

from slack_sdk import WebClient

from bot.config.services import Services
from questionnaire.domain import Profile
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases.people import reader_locale, save_profiles

log = logging.getLogger(__name__)

PAGE_SIZE = 200  # users.list's largest page
# users.list is Tier 2 (about 20 calls a minute per workspace): one page every 3 s stays under it.
PAGE_PACE_SECONDS = 3.0


def profile_from_slack(user: Mapping[str, Any]) -> Profile:
    """A `users.info` / `users.list` / `user_change` user object as the directory keeps it; the
    name is how Slack shows the person (display name, else real name, else handle)."""
    profile = user.get("profile") or {}
    names = (profile.get("display_name"), user.get("real_name"), user.get("name"))
    user_id = str(user["id"])
    offset = user.get("tz_offset")
    return Profile(
        user_id=user_id,
        display_name=next((str(n) for n in names if n), user_id),
        tz=user.get("tz") or None,
        tz_offset=int(offset) if offset is not None else None,
        locale=user.get("locale") or None,
        is_bot=bool(user.get("is_bot")),
        deleted=bool(user.get("deleted")),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner")),
    )


def locale_of(services: Services, team_id: str, user_id: str, uow: UnitOfWork | None = None) -> str:
    """The locale `user_id` reads the bot in (wrap what they receive in `speaking(...)`): their
    Slack locale from the people directory, else the workspace's language (`/maturity
    language`), else DEFAULT_LOCALE. Read in `uow` when the caller has a transaction open."""
    default = services.settings.default_locale
    if uow is not None:
        return services.readers.get(
            team_id, user_id, lambda: reader_locale(uow, team_id, user_id, default)
        )

    def load() -> str:
        with services.reader() as own:  # a read: no write lock (SQLite), no BEGIN (PG)
            return reader_locale(own, team_id, user_id, default)

    return services.readers.get(team_id, user_id, load)


def members(
    client: WebClient, team_id: str, pace_seconds: float = PAGE_PACE_SECONDS
) -> Iterator[list[Profile]]:
    """Every member of the workspace (deactivated ones flagged), a `users.list` page at a time,
    pages `pace_seconds` apart."""
    cursor = None
    while True:
        page = client.users_list(
            team_id=team_id, limit=PAGE_SIZE, cursor=cursor, include_locale=True
        )
        yield [profile_from_slack(user) for user in page.get("members") or []]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return
        time.sleep(pace_seconds)


def refresh_directory(
    client: WebClient,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    pace_seconds: float = PAGE_PACE_SECONDS,
) -> int:
    """Store every member of the workspace, a page per transaction; returns how many."""
    stored = 0
    for page in members(client, team_id, pace_seconds):
        save_profiles(uow_factory, clock, team_id, page)
        stored += len(page)
    log.info("people directory of %s refreshed: %d people", team_id, stored)
    return stored
