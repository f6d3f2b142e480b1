"""Modal submissions: the key that makes each one count once, running its use case before the
ack, and use-case errors shown in the modal (its error slots are plain text, so mentions become
names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.config.services import Services
from bot.i18n import said
from bot.slack.directory import Directory
from bot.slack.mrkdwn import plain_mentions
from questionnaire.usecases.errors import Duplicate, Invalid, UseCaseError


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


def submit(
    ack: Ack,
    services: Services,
    directory: Directory,
    team_id: str,
    change: Callable[[], object],
    *,
    at: str,
    fields: bool = False,
    done: Callable[[Any], dict[str, Any]] | None = None,
) -> bool:
    """Run a modal's use case before the ack, then deliver what it queued. The same view again
    (Duplicate) is acked and nothing more: the first submission's messages are on their way. A
    refusal goes back into the modal at block `at` (an Invalid at its own fields, with
    `fields`), so nothing typed is lost. With `done`, the modal is updated to the view it makes
    of the change's result (a confirmation where the person is looking). True when the change
    was made."""
    try:
        result = change()
    except Duplicate:
        ack()
        return False
    except UseCaseError as exc:
        errors = (
            {field: said(message) for field, message in exc.fields.items()}
            if fields and isinstance(exc, Invalid)
            else {at: plain_error(directory, team_id, exc)}
        )
        ack(response_action="errors", errors=errors)
        return False
    if done is None:
        ack()
    else:
        ack(response_action="update", view=done(result))
    services.courier.kick()
    return True
