"""Modal submissions: the key that makes each one count once, and use-case errors shown in the
modal (its error slots are plain text, so mentions become names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.mrkdwn import plain_mentions
from bot.slack.webapi import Directory


def submission_key(body: dict[str, Any]) -> str:
    """The request key of a modal submission: Slack may send one view's submission twice (a
    double click, a retry), and the use case handles a key once."""
    return f"view:{body['view']['id']}"


def names(directory: Directory, team_id: str) -> Callable[[str], str | None]:
    """How Slack shows a user, or None when Slack can't say (a missing name is never fatal)."""

    def name_of(user_id: str) -> str | None:
        try:
            return directory.name(team_id, user_id)
        except SlackApiError:
            return None

    return name_of


def plain_error(directory: Directory, team_id: str, error: Exception | str) -> str:
    """The message with `<@U…>` shown as `@name` (plain_text is not parsed, nor escaped)."""
    return plain_mentions(error, names(directory, team_id))
