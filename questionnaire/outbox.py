"""What the bot owes people after a state change: messages a use case decides to send.

A use case writes each message to the outbox in the same transaction as the change that caused
it, under an idempotency key unique in the workspace (`uow.outbox.add`). The bot delivers it
after the commit, and again after a crash, a Slack error or a lost reply, until it is sent once.
Messages say *what* to send (which page, whose intro), not how it looks: the bot renders them
from the database when it delivers, so a later delivery never shows older state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any, ClassVar

from pydantic import TypeAdapter

from .reminder_policy import Digest, Escalation, OverdueNotice


class Priority(IntEnum):
    """Lower goes first: what a person is waiting for before scheduled reminders."""

    NOW = 0  # a reply to a click: a page, the next page
    SOON = 1  # intros, kickoff, evidence requests, completion
    SCHEDULED = 2  # reminders and digests (paced)


@dataclass(frozen=True, slots=True)
class Message:
    """Base of every outbox message; `kind` names it in the database."""

    kind: ClassVar[str] = ""
    priority: ClassVar[Priority] = Priority.SOON
    replaces: ClassVar[bool] = False  # a newer one under the same key supersedes it (updates)


@dataclass(frozen=True, slots=True)
class RefreshPage(Message):
    """Re-render a question page in place from the database (`note`: a line under it, mrkdwn)."""

    kind: ClassVar[str] = "refresh_page"
    priority: ClassVar[Priority] = Priority.NOW
    replaces: ClassVar[bool] = True
    assessment_id: int
    owner: str
    item_id: str
    page: int
    channel: str
    ts: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NextPage(Message):
    """Post the person's next page of open questions (in `item_id` first when given), or the
    closing message when none is left."""

    kind: ClassVar[str] = "next_page"
    priority: ClassVar[Priority] = Priority.NOW
    assessment_id: int
    user_id: str
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class EvidenceRequest(Message):
    """Ask the person for evidence for one requirement; replies in its thread attach to it."""

    kind: ClassVar[str] = "evidence_request"
    assessment_id: int
    requirement_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class Completion(Message):
    """Every question is answered: post the summary and tell the lead they can close."""

    kind: ClassVar[str] = "completion"
    assessment_id: int


@dataclass(frozen=True, slots=True)
class FinalSummary(Message):
    """The assessment was closed: post the final summary (or say the last one stands)."""

    kind: ClassVar[str] = "final_summary"
    assessment_id: int
    requester: str


@dataclass(frozen=True, slots=True)
class Kickoff(Message):
    """Check the people, announce the assessment in its channel, then queue the intros."""

    kind: ClassVar[str] = "kickoff"
    assessment_id: int


@dataclass(frozen=True, slots=True)
class Intro(Message):
    """The intro DM to one person with questions in a new assessment."""

    kind: ClassVar[str] = "intro"
    assessment_id: int
    user_id: str


@dataclass(frozen=True, slots=True)
class EvidenceAttached(Message):
    """Confirm in a thread what a reply attached (each item: kind, url, title)."""

    kind: ClassVar[str] = "evidence_attached"
    priority: ClassVar[Priority] = Priority.NOW
    assessment_id: int
    requirement_id: str
    channel: str
    thread_ts: str
    attached: tuple[tuple[str, str, str | None], ...]


@dataclass(frozen=True, slots=True)
class Note(Message):
    """A short message: a DM (`to` a user id) or a thread reply (`thread_ts`). `text` is a
    use-case message (plain, with its own `<@U…>` mentions), escaped when it is sent, unless
    `mrkdwn` says the bot built it as Slack markup already."""

    kind: ClassVar[str] = "note"
    priority: ClassVar[Priority] = Priority.NOW
    to: str
    text: str
    thread_ts: str | None = None
    mrkdwn: bool = False


@dataclass(frozen=True, slots=True)
class ReminderDM(Message):
    """One person's reminder for one slot."""

    kind: ClassVar[str] = "reminder"
    priority: ClassVar[Priority] = Priority.SCHEDULED
    digest: Digest


@dataclass(frozen=True, slots=True)
class EscalationDM(Message):
    """The lead's one DM about the people of one assessment who made no progress."""

    kind: ClassVar[str] = "escalation"
    priority: ClassVar[Priority] = Priority.SCHEDULED
    lead_id: str
    escalations: tuple[Escalation, ...]


@dataclass(frozen=True, slots=True)
class OverdueDM(Message):
    """Tell the lead the due date passed with work open."""

    kind: ClassVar[str] = "overdue"
    priority: ClassVar[Priority] = Priority.SCHEDULED
    notice: OverdueNotice


@dataclass(frozen=True, slots=True)
class WeeklyDigest(Message):
    """The channel's weekly digest of what changed between `since` and `until`."""

    kind: ClassVar[str] = "weekly_digest"
    priority: ClassVar[Priority] = Priority.SCHEDULED
    assessment_id: int
    since: datetime
    until: datetime
    first: bool
    utc_offset_minutes: int  # the lead's zone at the slot, for the days the digest names
    tz_name: str | None = None  # the lead's IANA zone when known: its names and DST win


@dataclass(frozen=True, slots=True)
class Marker(Message):
    """Nothing to post: the key alone records that something was done once (a person named in
    an escalation DM queued under another key, or a send made before the outbox existed)."""

    kind: ClassVar[str] = "marker"


KINDS: dict[str, type[Message]] = {
    cls.kind: cls
    for cls in (
        RefreshPage,
        NextPage,
        EvidenceRequest,
        Completion,
        FinalSummary,
        Kickoff,
        Intro,
        EvidenceAttached,
        Note,
        ReminderDM,
        EscalationDM,
        OverdueDM,
        WeeklyDigest,
        Marker,
    )
}
_ADAPTERS: dict[str, TypeAdapter[Any]] = {kind: TypeAdapter(cls) for kind, cls in KINDS.items()}


def dump(message: Message) -> dict[str, Any]:
    """The message as JSON-able data (what the outbox stores)."""
    data: dict[str, Any] = _ADAPTERS[message.kind].dump_python(message, mode="json")
    return data


def load(kind: str, data: dict[str, Any]) -> Message:
    """The message back from what `dump` made; KeyError for a kind this version does not know."""
    message: Message = _ADAPTERS[kind].validate_python(data)
    return message


@dataclass(frozen=True, slots=True)
class Envelope:
    """A claimed outbox entry: what to deliver, and how far delivery got before."""

    id: int
    team_id: str
    key: str
    message: Message
    version: int  # bumped when a newer message replaced this one
    attempts: int  # including this one; above 1 an earlier try may have reached Slack
    created_at: datetime
