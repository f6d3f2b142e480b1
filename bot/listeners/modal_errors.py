"""Use-case errors shown in a modal: its error slots are plain text, so mentions become names."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from ..slack_io import Directory
from ..text import plain_mentions


def plain_error(directory: Directory, team_id: str, error: Exception | str) -> str:
    """The message with `<@U…>` shown as `@name` (plain_text is not parsed, nor escaped)."""

    def name_of(user_id: str) -> str | None:
        try:
            return directory.name(team_id, user_id)
        except SlackApiError:  # already on an error path: a missing name is fine
            return None

    return plain_mentions(error, name_of)
