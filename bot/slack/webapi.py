"""Talking to Slack's Web API: posting with clear error handling."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import N_, _

log = logging.getLogger(__name__)

# What each Slack error means for the person who has to fix it.
EXPLAIN = {
    "channel_not_found": N_("I can't find that channel (it may be private and I'm not in it)."),
    "not_in_channel": N_(
        "I'm not a member of that channel. Invite me with `/invite @Maturity Bot`."
    ),
    "is_archived": N_("That channel is archived."),
    "account_inactive": N_("That person's account is deactivated."),
    "user_not_found": N_("Slack doesn't know that person."),
    "cannot_dm_bot": N_("That is a bot; bots can't answer questions."),
    "user_disabled": N_("That person's account is deactivated."),
    "missing_scope": N_(
        "The app lacks a permission (scope) for this: reinstall it from the manifest."
    ),
    "ratelimited": N_("Slack is rate-limiting me; I'll retry shortly."),
    "msg_too_long": N_("The message was too long for Slack."),
    "invalid_blocks": N_("Slack rejected the message layout."),
    "expired_trigger_id": N_("That took too long; please try again."),
}
UNREACHABLE_USER = {"account_inactive", "user_not_found", "cannot_dm_bot", "user_disabled"}


def error_code(exc: SlackApiError) -> str:
    return str(exc.response.get("error", "unknown_error"))


TRANSIENT = {
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
    "ratelimited",
}


def transient(exc: SlackApiError) -> bool:
    """A Slack failure that a later try may not meet (a 5xx, a 429, Slack's own trouble); the
    others (a missing channel, a deactivated person, a bad layout) need someone to act."""
    status = getattr(exc.response, "status_code", 200)
    return status >= 500 or status == 429 or error_code(exc) in TRANSIENT


def explain(exc: SlackApiError) -> str:
    code = error_code(exc)
    known = EXPLAIN.get(code)
    text = _(known) if known else _("Slack said `%(code)s`.") % {"code": code}
    if code == "missing_scope" and exc.response.get("needed"):
        text += " " + _("Needed: `%(scope)s`.") % {"scope": exc.response.get("needed")}
    return text


@dataclass(frozen=True, slots=True)
class Posted:
    channel: str
    ts: str


def post(client: WebClient, channel: str, payload: dict[str, Any], **extra: Any) -> Posted:
    """chat.postMessage; raises SlackApiError for the caller to explain."""
    response = client.chat_postMessage(channel=channel, **payload, **extra)
    return Posted(str(response["channel"]), str(response["ts"]))


def post_to_channel(
    client: WebClient, channel: str, payload: dict[str, Any], **extra: Any
) -> Posted:
    """Post to a channel, joining it first when it is public and the bot is not in it."""
    try:
        return post(client, channel, payload, **extra)
    except SlackApiError as exc:
        if error_code(exc) != "not_in_channel":
            raise
        client.conversations_join(channel=channel)
        return post(client, channel, payload, **extra)


class Poster(Protocol):
    """Posts messages; an outbox delivery's poster posts each `step` at most once."""

    def post(self, channel: str, payload: dict[str, Any], step: str = "", **extra: Any) -> Posted:
        """chat.postMessage."""

    def post_to_channel(self, channel: str, payload: dict[str, Any], step: str = "") -> Posted:
        """`post_to_channel`."""

    def first_time(self, step: str) -> bool:
        """True unless an earlier attempt of the same delivery already began `step` (for
        what cannot be looked up afterwards, like a file upload)."""


@dataclass(frozen=True)
class DirectPoster:
    """Posts straight away (for answers to a command, which the person can simply repeat)."""

    client: WebClient

    def post(self, channel: str, payload: dict[str, Any], step: str = "", **extra: Any) -> Posted:
        return post(self.client, channel, payload, **extra)

    def post_to_channel(self, channel: str, payload: dict[str, Any], step: str = "") -> Posted:
        return post_to_channel(self.client, channel, payload)

    def first_time(self, step: str) -> bool:
        return True


def update(client: WebClient, channel: str, ts: str, payload: dict[str, Any]) -> None:
    client.chat_update(channel=channel, ts=ts, **payload)


def tell(client: WebClient, people: Iterable[str], payload: dict[str, Any]) -> None:
    """DM each person, best effort: one that fails (say, a deactivated account) is logged and
    does not stop the others. For courtesy notes and for telling people on an error path."""
    for user_id in sorted(set(people)):
        try:
            post(client, user_id, payload)
        except SlackApiError as exc:
            log.warning("could not DM %s: %s", user_id, error_code(exc))


def permalink(client: WebClient, team_domain: str, channel: str, ts: str) -> str:
    """A link to a message. Slack only gives one for conversations the bot is in; for a DM or a
    private channel it is not in, the link is built the way Slack builds it (its readers can open it)."""
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except SlackApiError as exc:
        log.info(
            "no permalink from Slack for %s/%s (%s): building it", channel, ts, error_code(exc)
        )
        return f"https://{team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"


def ephemeral(client: WebClient, channel: str, user: str, text: str) -> None:
    """A short note only `user` sees; never raises (it is itself the error path)."""
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text)
    except SlackApiError as exc:
        log.warning("could not show an ephemeral note to %s: %s", user, error_code(exc))
        try:
            client.chat_postMessage(channel=user, text=text)
        except SlackApiError as inner:
            log.warning("could not DM %s either: %s", user, error_code(inner))
