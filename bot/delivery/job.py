"""One delivery in progress: the claimed entry, the Slack client, and exactly-once posting."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config.services import Services
from bot.slack.people import locale_of
from bot.slack.webapi import Posted, error_code, post, post_to_channel
from questionnaire.outbox import Envelope, Message
from questionnaire.usecases.context import AssessmentView

log = logging.getLogger(__name__)
EVENT_TYPE = "maturity_bot_delivery"  # the metadata type our posts carry
HISTORY_LIMIT = 200  # a retry comes minutes after the try: our post is among these


@dataclass(frozen=True)
class Job:
    """What a sender works with; `post` and `post_to_channel` post at most once per entry."""

    services: Services
    client: WebClient
    envelope: Envelope
    # The assessment as the transaction that queued the entry committed it (without evidence),
    # when that request delivers it itself: its pages are drawn from it, not read again.
    seen: AssessmentView | None = None

    @property
    def team_id(self) -> str:
        return self.envelope.team_id

    def locale_of(self, user_id: str) -> str:
        """The locale `user_id` reads the bot in (see `bot.slack.people.locale_of`)."""
        return locale_of(self.services, self.team_id, user_id)

    def thread_owner(self, channel: str, thread_ts: str) -> str | None:
        """Whose question page the thread hangs under (None: not a page's thread)."""
        with self.services.uow() as uow:
            anchor = uow.prompts.find(self.team_id, channel, thread_ts)
        return anchor.page.user_id if anchor is not None and anchor.page is not None else None

    def queue(self, key: str, message: Message) -> int | None:
        """Queue a follow-up message (say, the intros after the kickoff) in its own transaction;
        its key makes a retry of this job queue it once."""
        with self.services.uow() as uow:
            entry = uow.outbox.add(self.team_id, key, message, self.services.clock.now())
            uow.commit()
        return entry

    def first_time(self, step: str) -> bool:
        """Record that this entry began `step`; False when an earlier attempt did. For what
        Slack lets us neither tag nor find again (a file upload): a retry skips it, so it
        happens at most once."""
        with self.services.uow() as uow:
            first = uow.events.first_time(
                self.team_id, f"outbox:{self.envelope.id}:{step}", self.services.clock.now()
            )
            uow.commit()
        return first

    def _metadata(self, step: str) -> dict[str, Any]:
        return {
            "event_type": EVENT_TYPE,
            "event_payload": {"outbox": f"{self.envelope.id}:{step}"},
        }

    def post(self, channel: str, payload: dict[str, Any], step: str = "", **extra: Any) -> Posted:
        """chat.postMessage, unless an earlier attempt of this entry already posted it."""
        found = self._already_posted(channel, step, extra.get("thread_ts"))
        if found is not None:
            return found
        return post(self.client, channel, payload, metadata=self._metadata(step), **extra)

    def post_to_channel(self, channel: str, payload: dict[str, Any], step: str = "") -> Posted:
        """`webapi.post_to_channel` (joins a public channel), at most once per entry."""
        found = self._already_posted(channel, step)
        if found is not None:
            return found
        return post_to_channel(self.client, channel, payload, metadata=self._metadata(step))

    def _already_posted(
        self, channel: str, step: str, thread_ts: str | None = None
    ) -> Posted | None:
        """After a failed attempt (a lost reply, a timeout, a 5xx) the post may have happened:
        look for our own metadata in the conversation's recent history, or in the thread for a
        reply (history lists top-level messages only). When Slack won't let us look (no history
        scope, not a member), say so and post: it may then repeat."""
        if self.envelope.attempts <= 1:
            return None
        wanted = self._metadata(step)["event_payload"]
        try:
            conversation = channel
            if channel.startswith(("U", "W")):  # a DM is addressed by user id
                opened = self.client.conversations_open(users=channel)
                conversation = str(opened["channel"]["id"])
            # The newest messages, not a time window: our clock and Slack's may differ.
            history = (
                self.client.conversations_replies(
                    channel=conversation,
                    ts=thread_ts,
                    limit=HISTORY_LIMIT,
                    include_all_metadata=True,
                )
                if thread_ts
                else self.client.conversations_history(
                    channel=conversation, limit=HISTORY_LIMIT, include_all_metadata=True
                )
            )
        except SlackApiError as exc:
            log.warning(
                "cannot check whether outbox entry %s was posted (%s); posting it again",
                self.envelope.id,
                error_code(exc),
            )
            return None
        for message in history.get("messages") or []:
            meta = message.get("metadata") or {}
            if meta.get("event_type") == EVENT_TYPE and meta.get("event_payload") == wanted:
                log.info("outbox entry %s was posted before its reply was lost", self.envelope.id)
                return Posted(conversation, str(message["ts"]))
        return None
