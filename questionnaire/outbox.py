"""What the bot owes people after a state change: messages a use case decides to send.

A use case writes each message to the outbox in the same transaction as the change that caused
it, under an idempotency key unique in the workspace (`uow.outbox.add`). The bot delivers it
after the commit, and again after a crash, a Slack error or a lost reply, until it is sent once.
Messages say *what* to send (which page, whose intro), not how it looks: the bot renders them
from the database when it delivers (or, when the request that queued them delivers them itself,
see `Handover`, from what its transaction committed), and one delivery at a time holds an
entry, so the last delivery of a page shows its newest state.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, ClassVar

from pydantic import TypeAdapter

from questionnaire.phrases import Phrase
from questionnaire.reminders.policy import Digest, Escalation, OverdueNotice


class Priority(IntEnum):
    """Lower goes first: what a person is waiting for before scheduled reminders."""

    NOW = 0  # a reply to a click: a page, the next page
    SOON = 1  # intros, kickoff, completion
    SCHEDULED = 2  # reminders and digests (paced)


@dataclass(frozen=True, slots=True)
class Spacing:
    """When each of several messages queued together is due: the n-th at the moment they are
    queued plus (offset + n) x `every`. Whichever processes deliver them, they cannot go out
    faster than that, which is how a workspace's reminders keep Slack's pace."""

    every: timedelta = timedelta(0)
    offset: int = 0  # messages queued earlier at the same pace

    def due(self, at: datetime, n: int) -> datetime:
        """When the n-th message (from 0) queued at `at` is due."""
        return at + self.every * (self.offset + n)


NOW = Spacing()  # every message due at once


@dataclass(frozen=True, slots=True)
class Message:
    """Base of every outbox message; `kind` names it in the database."""

    kind: ClassVar[str] = ""
    priority: ClassVar[Priority] = Priority.SOON
    replaces: ClassVar[bool] = False  # a newer one under the same key supersedes it (updates)


@dataclass(frozen=True, slots=True)
class RefreshPage(Message):
    """Re-render a question page in place from the database (`note`: a line under it, mrkdwn,
    which the bot's own delivery of a hand-off adds)."""

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
    # A hand-off it delivers: who handed which questions, with their note. The page says so at
    # its top, so the receiver gets one message, not a notice and then a page.
    handed_by: str | None = None
    handed: tuple[str, ...] = ()
    handed_note: str | None = None


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
    """Confirm in a thread what a reply attached (each item: kind, url, title): a reply in the
    thread, or (`ts`: the picker the person chose from) that message edited into it."""

    kind: ClassVar[str] = "evidence_attached"
    priority: ClassVar[Priority] = Priority.NOW
    assessment_id: int
    requirement_id: str
    channel: str
    thread_ts: str
    attached: tuple[tuple[str, str, str | None], ...]
    ts: str | None = None


@dataclass(frozen=True, slots=True)
class EvidencePicker(Message):
    """Ask in a page's thread which question a kept reply (`reply_id`) is evidence for,
    offering `requirement_ids`."""

    kind: ClassVar[str] = "evidence_picker"
    priority: ClassVar[Priority] = Priority.NOW
    assessment_id: int
    reply_id: int
    channel: str
    thread_ts: str
    requirement_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HandOffMessage(Message):
    """Base of what one hand-off owes: `actor` handed `requirement_ids` to `to_user`."""

    priority: ClassVar[Priority] = Priority.NOW
    assessment_id: int
    actor: str
    to_user: str
    requirement_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HandedOn(HandOffMessage):
    """Tell whoever handed questions on that it is done: under the page it came from (`page`,
    re-rendered without them), else by DM to the actor."""

    kind: ClassVar[str] = "handed_on"
    page: RefreshPage | None = None


@dataclass(frozen=True, slots=True)
class HandedToYou(HandOffMessage):
    """Tell the receiver of a hand-off who handed them what, with the note they wrote. Queued
    before hand-offs came on the page itself (NextPage.handed_by); still delivered if queued."""

    kind: ClassVar[str] = "handed_to_you"
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LeadChange(Message):
    """Base of what a lead's change owes someone: `actor` changed assessment `assessment_id`."""

    assessment_id: int
    actor: str


@dataclass(frozen=True, slots=True)
class RolesChanged(LeadChange):
    """Tell the actor which roles they changed (none: nothing changed)."""

    kind: ClassVar[str] = "roles_changed"
    priority: ClassVar[Priority] = Priority.NOW
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoleGiven(LeadChange):
    """Tell a new holder the roles they were given and what that asks of them now."""

    kind: ClassVar[str] = "role_given"
    user_id: str
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoleTaken(LeadChange):
    """Tell someone taken off roles who is asked their questions now (each: role, who is asked
    now, whether they were the one asked before)."""

    kind: ClassVar[str] = "role_taken"
    user_id: str
    taken: tuple[tuple[str, str, bool], ...]


@dataclass(frozen=True, slots=True)
class SettingsSaved(LeadChange):
    """Tell `user_id` (the actor, or the lead when someone else did it) the reminder settings
    now in force."""

    kind: ClassVar[str] = "settings_saved"
    priority: ClassVar[Priority] = Priority.NOW
    user_id: str


@dataclass(frozen=True, slots=True)
class Deleted(Message):
    """An assessment was deleted: tell its channel, the actor and the lead, and retire people's
    question pages (`pages`: channel, ts). Nothing of it is left to read, so this carries what
    the notes name."""

    kind: ClassVar[str] = "deleted"
    priority: ClassVar[Priority] = Priority.NOW
    actor: str
    name: str
    project: str
    channel_id: str
    lead_id: str
    answers: int
    evidence: int
    people: int
    pages: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Note(Message):
    """A short message: a DM (`to` a user id) or a thread reply (`thread_ts`). `text` is a
    use-case message (plain, with its own `<@U…>` mentions), escaped when it is sent, unless
    `mrkdwn` says the bot built it as Slack markup already. `text` is an English template (a
    `Phrase`'s, marked for the catalogs) filled in with `params` once translated for its reader;
    `said` makes one from a Phrase."""

    kind: ClassVar[str] = "note"
    priority: ClassVar[Priority] = Priority.NOW
    to: str
    text: str
    thread_ts: str | None = None
    mrkdwn: bool = False
    params: tuple[tuple[str, int | str], ...] = ()
    icon: str = ""  # an emoji code put before the text, such as ":warning:"

    @classmethod
    def said(cls, to: str, text: str, thread_ts: str | None = None, *, icon: str = "") -> Note:
        """A note saying `text`: a Phrase keeps its template and parameters."""
        if not isinstance(text, Phrase):
            return cls(to, text, thread_ts, icon=icon)
        params = tuple((k, v if isinstance(v, int) else str(v)) for k, v in text.params.items())
        return cls(to, text.template, thread_ts, params=params, icon=icon)


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


def _kinds(base: type[Message]) -> Iterator[type[Message]]:
    for cls in base.__subclasses__():
        if cls.kind:
            yield cls
        yield from _kinds(cls)  # kinds may share a base (HandOffMessage, LeadChange)


# Every kind above, found rather than listed: a new kind is known as soon as it is declared.
KINDS: dict[str, type[Message]] = {cls.kind: cls for cls in _kinds(Message)}


@functools.cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    """Pydantic's (de)serialiser of one kind, built on its first use (building all of them took
    a twentieth of the bot's start); KeyError for a kind this version does not know."""
    return TypeAdapter(KINDS[kind])


FAMILY = "#"


def family_key(family: str, instance: str) -> str:
    """A key in a family: `latest(team, [family])` finds when its newest one was queued (the
    previous weekly digest, the last page shown to someone)."""
    return f"{family}{FAMILY}{instance}"


def family_of(key: str) -> str | None:
    """The family of a key made by `family_key`; None for a key of no family."""
    found, sep, _ = key.partition(FAMILY)
    return found if sep else None


def dump(message: Message) -> dict[str, Any]:
    """The message as JSON-able data (what the outbox stores)."""
    data: dict[str, Any] = _adapter(message.kind).dump_python(message, mode="json")
    return data


def dump_json(message: Message) -> str:
    """`dump` as JSON text, written by pydantic's serialiser in one step (a reminder sweep
    queues thousands at once)."""
    return _adapter(message.kind).dump_json(message).decode()


def load(kind: str, data: dict[str, Any]) -> Message:
    """The message back from what `dump` made; KeyError for a kind this version does not know."""
    message: Message = _adapter(kind).validate_python(data)
    return message


@dataclass(frozen=True, slots=True)
class GivenUp:
    """An entry the courier stopped trying to deliver, for an operator to look at."""

    id: int
    team_id: str
    key: str
    attempts: int
    last_error: str | None
    created_at: datetime
    given_up_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxReport:
    """How delivery stands, in every workspace."""

    pending: int  # not delivered yet, not given up
    oldest_pending: datetime | None  # when the oldest of those was queued
    given_up: int
    newest_given_up: tuple[GivenUp, ...]  # newest first


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


@dataclass
class Handover:
    """What the request that queues messages delivers itself, right after its commit.

    Inside `handing_over(lease)`, a message for someone waiting (any priority but SCHEDULED)
    is queued already claimed for `lease` from when it is queued, as if the delivery loop had
    claimed it; once the transaction commits its envelope is in `envelopes`, for the caller to
    deliver at once (no claim, no other thread). A crash before the delivery loses nothing:
    the lease runs out and any process's delivery loop takes the entry. A page refresh whose
    entry another delivery holds is queued unclaimed: that delivery finds it replaced, and the
    loop delivers the newest version."""

    lease: timedelta
    until: datetime | None = None  # the lease every held entry was queued with (the first's)
    envelopes: list[Envelope] = field(default_factory=list)
    rest: bool = False  # something else was queued too: the delivery loop's (kick it)


_HANDOVER: ContextVar[Handover | None] = ContextVar("outbox_handover", default=None)


@contextmanager
def handing_over(lease: timedelta) -> Iterator[Handover]:
    """Hold what is queued in this context for the caller (see `Handover`)."""
    handover = Handover(lease)
    token = _HANDOVER.set(handover)
    try:
        yield handover
    finally:
        _HANDOVER.reset(token)


def held_until(message: Message, at: datetime) -> datetime | None:
    """The lease to queue `message` with at `at`: the handover's, when one is open and the
    message is not a paced, scheduled one; else None (the delivery loop claims it)."""
    handover = _HANDOVER.get()
    if handover is None:
        return None
    if message.priority is Priority.SCHEDULED:
        handover.rest = True
        return None
    if handover.until is None:
        handover.until = at + handover.lease
    return handover.until


def held_with(held: list[Envelope], envelope: Envelope) -> list[Envelope]:
    """`held` with `envelope`: in the place of the entry's earlier version when the same
    transaction replaced what it had queued (one delivery, of the newest version), else last."""
    if any(e.id == envelope.id for e in held):
        return [envelope if e.id == envelope.id else e for e in held]
    return [*held, envelope]


def left_to_the_loop() -> None:
    """A message queued inside a handover is not held (queued in bulk, or another delivery
    holds its entry): the delivery loop must be woken for it."""
    handover = _HANDOVER.get()
    if handover is not None:
        handover.rest = True


def handed(envelopes: list[Envelope]) -> None:
    """A transaction committed these held entries: give them to the open handover."""
    handover = _HANDOVER.get()
    if handover is not None:
        handover.envelopes.extend(envelopes)
