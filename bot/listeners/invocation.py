"""One `/maturity ...` invocation: who, where, the subcommand and its words, and its handler type."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltResponse
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.config.services import Services
from bot.deadlines import Answer
from bot.i18n import _
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


class CommandReply(Ack):
    """A slash command's ack, answered in time however long its handler runs (a database held
    elsewhere, an overloaded machine; Slack shows "operation_timeout" after three seconds).
    Handlers take it as their ack. At the deadline (`bot.deadlines`) the ack says "working on
    it", seen by the person alone, and the handler's answer follows through the command's
    response_url, as a message of its own (Slack can't replace a command's ack from there). An
    answer with nothing to say (a handler about to open a modal) sends nothing and waits for
    nothing: the modal's trigger is good for three seconds only."""

    def __init__(self, ack: Ack, response_url: str | None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
        self._ack, self._url = ack, response_url
        self._answer = Answer(self._working)

    @contextmanager
    def running(self, services: Services) -> Iterator[None]:
        """Watch the handler run, and no longer: no "working on it" after it ended (after a
        failure, the error handler answers through the response_url)."""
        self._answer.watch(services.deadlines, "a command")
        try:
            yield
        finally:
            self._answer.first()

    def __call__(  # type: ignore[override]
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any]] | None = None,
        **rest: Any,
    ) -> BoltResponse:
        if self._answer.first() or not self._answer.late:  # in time (a second ack as Bolt's)
            given: dict[str, Any] = {"blocks": blocks} if blocks is not None else {}
            return self._ack(text, **given, **rest)
        payload = dict(text) if isinstance(text, dict) else {"text": text, "blocks": blocks}
        payload = {k: v for k, v in (payload | rest).items() if v not in (None, "", [])}
        if payload and self._url:
            self._answer.settle()  # after the note, not before it
            late = {"response_type": "ephemeral"} | payload
            sent = WebhookClient(self._url).send_dict(late)
            if sent.status_code != 200:
                log.warning("a late command answer was refused: %s %s", sent.status_code, sent.body)
        return BoltResponse(status=200)

    def _working(self) -> None:
        self._ack(
            text=_(":hourglass_flowing_sand: Working on it: this takes longer than usual."),
            response_type="ephemeral",
        )


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
