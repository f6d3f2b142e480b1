"""Who people are, for the sweep, messages and checks: the people directory in the database
first, Slack's `users.info` only for someone it does not hold yet (then stored)."""

from __future__ import annotations

import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import _
from bot.slack.people import profile_from_slack
from bot.slack.webapi import error_code
from bot.slack.workspaces import Workspaces, client_in, workspaces_of
from questionnaire.domain import Profile
from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.reminders.context import Person, person_of
from questionnaire.usecases.people import save_profiles, stored_profiles

ADMIN_FLAG_SECONDS = 600.0
SLACKBOT = "USLACKBOT"  # not flagged `is_bot` by Slack, and it can't answer either


class Directory:
    """People as the directory in the database holds them (kept by Slack's user events and a
    nightly refresh); one it lacks is looked up with that workspace's client and stored, so it
    is asked of Slack once."""

    def __init__(
        self, source: WebClient | Workspaces, uow_factory: UnitOfWorkFactory, clock: Clock
    ) -> None:
        self._workspaces = workspaces_of(source)
        self._uow = uow_factory
        self._clock = clock
        # Whether someone is a Slack workspace admin, asked on requests in workspaces that list
        # no admins of their own: remembered a while, so a click does not read it every time.
        self._admin_flags: dict[tuple[str, str], tuple[float, bool]] = {}

    def profile(self, team_id: str, user_id: str) -> Profile | None:
        """The person's profile, or None when Slack doesn't know them."""
        stored = stored_profiles(self._uow, team_id, [user_id]).get(user_id)
        if stored is not None:
            return stored
        try:
            client = client_in(self._workspaces, team_id)
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as exc:
            if error_code(exc) != "user_not_found":
                raise
            return None
        learned = profile_from_slack(user)
        save_profiles(self._uow, self._clock, team_id, [learned])
        return learned

    def person(self, team_id: str, user_id: str) -> Person | None:
        """The person, or None when Slack doesn't know them; deleted/bot users are `deleted`."""
        profile = self.profile(team_id, user_id)
        return person_of(profile) if profile else None

    def name(self, team_id: str, user_id: str) -> str | None:
        """How Slack shows the person (display name, else real name, else handle)."""
        profile = self.profile(team_id, user_id)
        return profile.display_name if profile else None

    def why_unreachable(self, team_id: str, user_id: str) -> str | None:
        """Why questions can't go to this user (a bot, deactivated, unknown), or None."""
        profile = self.profile(team_id, user_id)
        if profile is None:
            return _("Slack doesn't know that person.")
        if profile.is_bot or user_id == SLACKBOT:
            return _("That is a bot; bots can't answer questions.")
        if profile.deleted:
            return _("That person's account is deactivated.")
        return None

    def is_workspace_admin(self, team_id: str, user_id: str) -> bool:
        """Whether Slack lists the person as an admin or owner of the workspace (remembered for
        ADMIN_FLAG_SECONDS in this process)."""
        key = (team_id, user_id)
        known = self._admin_flags.get(key)
        if known is not None and time.monotonic() - known[0] < ADMIN_FLAG_SECONDS:
            return known[1]
        profile = self.profile(team_id, user_id)
        flag = profile is not None and (profile.is_admin or profile.is_owner)
        self._admin_flags[key] = (time.monotonic(), flag)
        return flag

    def reachable(self, team_id: str, user_id: str) -> bool:
        """Known to Slack and neither deactivated nor a bot."""
        person = self.person(team_id, user_id)
        return person is not None and not person.deleted
