"""One `/maturity ...` invocation: who, where, the subcommand and its words, and its handler type."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.config.services import Services
from bot.slack.mrkdwn import mentioned_users, mrkdwn_to_plain
from questionnaire.domain import Assessment


@dataclass(frozen=True, slots=True)
class Invocation:
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    subcommand: str
    name: str | None
    flags: frozenset[str]
    response_url: str | None
    picked: bool = False  # run from the assessment picker (a view submission), not the command
    admins: Collection[str] = frozenset()  # of the workspace, for this user (`context.admins_of`)
    mentioned: tuple[str, ...] = ()  # user ids of the `@person` mentions in the text

    def open_modal(self, client: WebClient, ack: Ack, view: dict[str, Any]) -> None:
        """Show a modal: in place of the picker when run from it, else with views.open."""
        if self.picked:
            ack(response_action="update", view=view)
        else:
            ack()
            client.views_open(trigger_id=self.trigger_id, view=view)

    def reply(self, client: WebClient, payload: dict[str, Any]) -> None:
        """Answer the person after the ack, visible to them only: through the command's
        response_url (it works where the bot is not a member), else an ephemeral message."""
        if self.response_url:
            sent = WebhookClient(self.response_url).send(response_type="ephemeral", **payload)
            if sent.status_code != 200:
                log.warning(
                    "reply through response_url refused: %s %s", sent.status_code, sent.body
                )
        else:
            client.chat_postEphemeral(channel=self.channel_id, user=self.user_id, **payload)


log = logging.getLogger(__name__)

# Phones type curly quotes; shlex only knows straight ones.
_STRAIGHT_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def command_text(raw: str | None) -> str:
    """The command's words as the person typed them: Slack sends `&`, `<` and `>` as entities
    (and links, mentions as `<…>`), and phones send curly quotes."""
    return mrkdwn_to_plain(raw or "").translate(_STRAIGHT_QUOTES).strip()


def parse(body: dict[str, Any], team_id: str | None = None) -> Invocation:
    """Split `/maturity status "Fraud model" --preview` into its parts; quotes are optional.
    `team_id`: the workspace the request is scoped to (see `context.workspace_of`); else the
    body's."""
    text = command_text(body.get("text"))
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote: fall back to plain splitting
        words = text.split()
    flags = frozenset(w for w in words if w.startswith("--"))
    rest = [w for w in words if not w.startswith("--")]
    return Invocation(
        team_id=team_id or body["team_id"],
        user_id=body["user_id"],
        channel_id=body.get("channel_id", ""),
        trigger_id=body.get("trigger_id", ""),
        subcommand=(rest[0].lower() if rest else "help"),
        name=" ".join(rest[1:]) or None,
        flags=flags,
        response_url=body.get("response_url"),
        mentioned=tuple(mentioned_users(body.get("text") or "")),
    )


Handler = Callable[[Services, WebClient, Invocation, Assessment, Ack], None]
