"""What each person's DM with the bot holds after a play: the new messages (posts, not edits or
thread replies) by what the bot owed them, the edits and the thread replies. The demo prints it
and the message-budget test holds it to the rule: one post per page answered, the intro and
the closing message, reminders by their schedule, and a notice per question handed to them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from devkit.demo.harness import Harness
from devkit.standin import Message
from storage.records import OutboxRecord
from storage.uow import SqlUnitOfWork

# The kinds of post a person's budget allows besides pages (next_page is split in two below).
CLOSING = ("All your questions in", "You have no open questions in")  # its notification text
ALLOWED = frozenset({"intro", "page", "closing", "reminder", "handed_to_you"})


@dataclass
class Inbox:
    """One person's DM: new posts by kind, pages left with questions open, edits, replies."""

    user_id: str
    posts: Counter[str] = field(default_factory=Counter)
    pages_left_open: int = 0
    edits: int = 0
    thread_replies: int = 0

    @property
    def new_messages(self) -> int:
        return sum(self.posts.values())

    def over_budget(self) -> list[str]:
        """What breaks the budget: kinds of post it does not allow, a second intro or closing
        message, a page posted that the person did not answer."""
        problems = [f"{n} {kind}" for kind, n in self.posts.items() if kind not in ALLOWED]
        problems += [f"{n} {kind}" for kind in ("intro", "closing") if (n := self.posts[kind]) > 1]
        if self.pages_left_open:
            problems.append(f"{self.pages_left_open} pages posted but not answered")
        return problems


def inboxes(h: Harness, people: list[str]) -> dict[str, Inbox]:
    """Each person's inbox, read from the stand-in (messages as they stand, the edits it saw)
    and the outbox (which entry each post delivered: posts carry its id in their metadata)."""
    with h.services.uow() as uow:
        assert isinstance(uow, SqlUnitOfWork)  # the demo and its tests run on SQL
        rows = uow.session.execute(select(OutboxRecord.id, OutboxRecord.kind)).all()
    kind_of = {str(entry_id): kind for entry_id, kind in rows}
    result = {}
    for user_id in people:
        inbox = Inbox(user_id)
        dm = h.slack.dm_channel(user_id)
        for message in h.slack.messages(dm):
            if message.is_ephemeral:
                continue
            if message.thread_ts and message.thread_ts != message.ts:
                inbox.thread_replies += 1
                continue
            kind = _kind(message, kind_of)
            inbox.posts[kind] += 1
            inbox.pages_left_open += kind == "page" and not _answered(message)
        posted = h.slack.workspace.posted
        inbox.edits = sum(1 for p in posted if p.kind == "update" and p.channel == dm)
        result[user_id] = inbox
    return result


def _kind(message: Message, kind_of: dict[str, str]) -> str:
    payload = (message.metadata or {}).get("event_payload") or {}
    entry = str(payload.get("outbox", "")).partition(":")[0]
    kind = kind_of.get(entry, "untagged")
    if kind == "next_page":  # a page of questions, or the closing message after the last one
        closing = (message.text or "").startswith(CLOSING)
        return "closing" if closing and not _questions(message) else "page"
    return kind


def _questions(message: Message) -> list[str]:
    return [b["block_id"] for b in message.blocks or [] if b.get("block_id", "").startswith("q:")]


def _answered(message: Message) -> bool:
    """The page as it stands shows every question on it answered (or, with no question left
    on it, became the note of a hand-off)."""
    if not _questions(message):
        return True
    for block in message.blocks or []:
        for element in block.get("elements", []) if block.get("type") == "context" else []:
            text = str(element.get("text", ""))
            if text.endswith("answered on this page."):
                done, _, total = text.split(" answered")[0].partition(" of ")
                return done == total
    return False
