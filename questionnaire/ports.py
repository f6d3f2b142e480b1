"""Ports the use cases depend on: repositories behind a unit of work, and a clock.

Every repository call takes the Slack workspace (team id) first and never returns or changes rows
of another workspace, even when given their ids.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from questionnaire.calendars import Calendar
from questionnaire.domain import (
    Answer,
    Assessment,
    AssessmentListing,
    AssessmentStatus,
    Evidence,
    HistoryEntry,
    PendingReply,
    Position,
    Profile,
    RequirementState,
    ReviewState,
    ThreadAnchor,
    WorkspaceAdmin,
)
from questionnaire.framework import Framework
from questionnaire.outbox import NOW, Envelope, Message, OutboxReport, Spacing


class FrameworkStore(Protocol):
    def save(self, framework: Framework) -> str:
        """Store a frozen copy (idempotent); returns its content hash."""

    def load(self, content_hash: str) -> Framework:
        """The frozen copy with this hash; KeyError when there is none."""


class AssessmentRepository(Protocol):
    def add(self, assessment: Assessment) -> Assessment:
        """Insert; returns the assessment with its id set. Writes an assignment history row."""

    def get(self, team_id: str, assessment_id: int) -> Assessment | None: ...

    def elsewhere(self, team_id: str, assessment_id: int) -> bool:
        """Whether an assessment with this id exists in another workspace (nothing else about
        it is read): a button or modal of another workspace is told so, not "deleted"."""

    def lock(self, team_id: str, assessment_id: int) -> Assessment | None:
        """`get`, holding the assessment until the transaction ends: a change of its status (a
        close, a delete) waits for the caller, or the caller reads it after that change."""

    def lock_with_states(
        self, team_id: str, assessment_id: int
    ) -> tuple[Assessment, dict[str, RequirementState]] | None:
        """`lock` and the assessment's states (as `AnswerRepository.states` reads them) in one
        statement: what every answer click reads first."""

    def by_name(self, team_id: str, name: str) -> Assessment | None:
        """Case-insensitive match on name; the newest when several share it."""

    def list(
        self, team_id: str, statuses: Sequence[AssessmentStatus] | None = None
    ) -> builtins.list[Assessment]:
        """Newest first."""

    def list_for_user(self, team_id: str, user_id: str) -> builtins.list[Assessment]:
        """Assessments the user leads, holds a role in, or has requirements delegated to them."""

    def active_teams(self) -> builtins.list[str]:
        """Team ids with at least one active assessment (the scheduler's entry point)."""

    def across_workspaces(
        self, name_or_id: str | None, team_id: str | None = None, limit: int = 100
    ) -> builtins.list[AssessmentListing]:
        """The one lookup not scoped by a workspace, for operators (the CLI): assessments whose
        id or case-insensitive name is `name_or_id` (any when None), in `team_id` when given,
        newest first, at most `limit`."""

    def update(self, assessment: Assessment, actor: str, at: datetime) -> None:
        """Save scalar fields (status, target, due date, policies...); status changes are audited."""

    def set_role_holders(
        self,
        team_id: str,
        assessment_id: int,
        role: str,
        user_ids: Sequence[str],
        actor: str,
        at: datetime,
    ) -> None:
        """Replace the holders of one role, with a history row."""

    def delete(self, team_id: str, assessment_id: int) -> bool:
        """Remove the assessment and everything of it: role holders, answers, history, evidence,
        positions, the threads that take evidence and replies kept in them, and forced reminder
        claims (`force:<id>:…`). Assessments that continued from it keep their own copies and
        lose only the link. Its outbox entries stay: one still owed is dropped when delivered.
        False when it is not in this workspace."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """What `AnswerRepository.record_held` wrote, whether the requirement has evidence that
    stands (any not rejected), and the evidence of the requirements it was asked for (oldest
    first), read in the same statement."""

    after: RequirementState
    evidence_stands: bool
    evidence: tuple[Evidence, ...] = ()


class AnswerRepository(Protocol):
    def states(self, team_id: str, assessment_id: int) -> dict[str, RequirementState]:
        """Every requirement that has any state (answer, delegation or carried-over answer)."""

    def get(
        self, team_id: str, assessment_id: int, requirement_id: str
    ) -> RequirementState | None: ...

    def record(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        answer: Answer | None,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        """Set (or with None clear) the answer, keeping its comment; clears to_confirm; writes a
        history row.

        Returns (before, after). Two concurrent calls both leave a history row, the later wins."""

    def record_held(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        answer: Answer | None,
        actor: str,
        at: datetime,
        before: RequirementState | None,
        evidence_of: Sequence[str] = (),
    ) -> Recorded:
        """`record` for a caller that holds the assessment's lock and read `before` (the
        state as `states` gave it) under it: fewer statements. Returns the state after,
        whether the requirement's evidence stands (`EvidenceRepository.standing`), and the
        evidence of the requirements `evidence_of` (`EvidenceRepository.for_requirements`)."""

    def set_comment(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        comment: str | None,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        """Set (or with None clear) the comment, keeping the answer, who gave it and to_confirm.

        Returns (before, after); writes a history row unless the comment was already this one.
        A constant number of statements, like `record`."""

    def delegate(
        self,
        team_id: str,
        assessment_id: int,
        requirement_ids: Sequence[str],
        to_user: str | None,
        actor: str,
        at: datetime,
    ) -> None:
        """Hand requirements to a person (None: back to role routing), one history row each."""

    def carry_over(
        self,
        team_id: str,
        from_assessment_id: int,
        to_assessment_id: int,
        requirement_ids: Sequence[str],
    ) -> int:
        """Copy answers of the previous assessment as to-confirm; returns how many."""

    def history(
        self, team_id: str, assessment_id: int, requirement_id: str | None = None
    ) -> list[HistoryEntry]:
        """Oldest first."""

    def last_activity(self, team_id: str, assessment_id: int, user_id: str) -> datetime | None:
        """When this user last answered or added evidence in the assessment."""

    def last_activity_many(
        self, team_id: str, assessment_ids: Sequence[int]
    ) -> dict[tuple[int, str], datetime]:
        """`last_activity` of every user in these assessments, keyed (assessment id, user id);
        users with none are left out. A constant number of statements (the reminder sweep)."""


class EvidenceRepository(Protocol):
    def add(self, team_id: str, evidence: Evidence) -> Evidence:
        """Insert with a history row; returns it with its id."""

    def for_assessment(self, team_id: str, assessment_id: int) -> list[Evidence]: ...

    def for_requirements(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> list[Evidence]:
        """The evidence of these requirements only, oldest first (a page's six questions)."""

    def standing(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> set[str]:
        """Those of `requirement_ids` with evidence that stands (any not rejected): one
        indexed query, whatever the assessment's evidence count."""

    def review(
        self,
        team_id: str,
        evidence_id: int,
        state: ReviewState,
        reason: str | None,
        actor: str,
        at: datetime,
    ) -> Evidence | None:
        """Set the review state, with a history row; None when no such evidence in the team."""


class PositionRepository(Protocol):
    def get(self, team_id: str, assessment_id: int, user_id: str) -> Position | None: ...

    def save(self, team_id: str, position: Position) -> None:
        """Insert or replace the position of (assessment, user)."""

    def by_message(self, team_id: str, channel_id: str, message_ts: str) -> Position | None:
        """The position whose question message is this one (for thread replies)."""


class ReminderRepository(Protocol):
    def claim(self, team_id: str, user_id: str, slot: str, at: datetime) -> bool:
        """Claim a person's reminder slot exactly once across processes; True only for the
        winner, who queues the reminder in the same transaction (a claim is never given back:
        the outbox retries a failed send)."""

    def claim_many(
        self, team_id: str, slots: Sequence[tuple[str, str]], at: datetime
    ) -> set[tuple[str, str]]:
        """`claim` for many (user, slot) pairs in one statement; returns the ones won."""

    def sent_since(self, team_id: str, user_id: str, since: datetime | None) -> int:
        """How many reminder slots were claimed for the user after `since` (all when None)."""

    def last_sent(self, team_id: str, user_id: str) -> datetime | None: ...

    def snooze(self, team_id: str, user_id: str, until: datetime) -> None: ...

    def snoozed_until(self, team_id: str, user_id: str) -> datetime | None: ...

    # Bulk reads for the reminder sweep: a few statements for any number of users; users with
    # nothing to report are left out of the result.
    def last_sent_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        """`last_sent` of each user."""

    def snoozed_until_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        """`snoozed_until` of each user."""

    def claimed_since(
        self, team_id: str, user_ids: Sequence[str], since: datetime
    ) -> dict[str, list[datetime]]:
        """When each user's slots were claimed after `since`, oldest first."""

    def prune(self, before: datetime) -> int:
        """Delete claims made before `before` in every workspace (retention); returns how many."""

    def prune_snoozes(self, ended_before: datetime) -> int:
        """Delete snoozes that ended before `ended_before`, in every workspace; how many."""


class PromptRepository(Protocol):
    """Bot messages whose threads take evidence (question pages; evidence requests of older
    versions), and thread replies kept until their author picks a question."""

    def save_page(self, team_id: str, page: Position) -> None:
        """Remember a posted question page (its channel and ts set), so a reply in its thread
        finds the page even after newer pages were posted."""

    def find(self, team_id: str, channel_id: str, message_ts: str) -> ThreadAnchor | None:
        """What the bot message at (channel, ts) is about, if it takes evidence."""

    def keep(self, team_id: str, reply: PendingReply) -> PendingReply:
        """Store a reply waiting for its question; returns it with its id."""

    def pending(self, team_id: str, reply_id: int) -> PendingReply | None:
        """A kept reply (None: picked already, or not in this workspace)."""

    def drop(self, team_id: str, reply_id: int) -> bool:
        """Forget a kept reply; False when it was not there."""


class EventRepository(Protocol):
    def first_time(self, team_id: str, event_id: str, at: datetime) -> bool:
        """Record a processed Slack event id; False when it was already recorded (a retry)."""

    def prune(self, before: datetime) -> int:
        """Forget event ids processed before `before` in every workspace; returns how many."""


class OutboxRepository(Protocol):
    """Messages owed to people, each under an idempotency key unique in its workspace."""

    def add(self, team_id: str, key: str, message: Message, at: datetime) -> int | None:
        """Queue a message in the caller's transaction; its id, or None when the key was queued
        before (a duplicate: nothing changes). A message that `replaces` (a page refresh)
        instead supersedes the one under its key, sent or not: it gets a new version and is due
        again, so the last state is what Slack shows. Inside a handover
        (`questionnaire.outbox.handing_over`) a message for someone waiting is queued claimed
        for the caller, unless another delivery holds the entry it replaces."""

    def take_held(self) -> builtins.list[Envelope]:
        """The entries queued claimed since the last call (the unit of work hands them to the
        handover when it commits, and drops them when it rolls back)."""

    def add_many(
        self,
        team_id: str,
        messages: Sequence[tuple[str, Message]],
        at: datetime,
        spacing: Spacing = NOW,
    ) -> set[str]:
        """`add` for many new (key, message) pairs, none that replaces, in one statement, due
        as `spacing` says; the keys queued (a key queued before is left out)."""

    def claim(
        self,
        now: datetime,
        lease_until: datetime,
        limit: int,
        priority_max: int = 9,
        team_ids: Sequence[str] | None = None,
    ) -> builtins.list[Envelope]:
        """Claim up to `limit` due, unsent entries (highest priority, then oldest first) until
        `lease_until`, in every workspace (or only in `team_ids`); each is claimed by one caller
        only, across processes. An entry whose lease ran out (its claimer died) is due again."""

    def finish(
        self, entry_id: int, version: int, at: datetime, channel: str | None, ts: str | None
    ) -> bool:
        """Record the delivery of `version`; False (and the entry due again at once) when a
        newer version replaced it meanwhile."""

    def retry(self, entry_id: int, at: datetime, error: str, *, give_up: bool = False) -> None:
        """A failed delivery: due again at `at` (after a backoff), or never (`give_up`)."""

    def renew(self, leases: Mapping[int, datetime], lease_until: datetime) -> set[int]:
        """Extend claims still in progress: each entry (id -> the lease its claimer holds) whose
        lease is still that one (nobody took it over, it is not finished) is leased until
        `lease_until`. Returns the ids renewed."""

    def sent_at(self, team_id: str, key: str) -> datetime | None:
        """When the entry under this key was delivered (None: not yet, or never queued)."""

    def latest(self, team_id: str, families: Sequence[str]) -> dict[str, datetime]:
        """For each family, when its newest entry was queued (families with none are left out).
        A key `F#instance` belongs to family `F` (see questionnaire.outbox.family_key). An
        indexed lookup, one statement."""

    def report(self, limit: int) -> OutboxReport:
        """How delivery stands in every workspace, with the `limit` newest given-up entries."""

    def revive(self, entry_ids: Sequence[int] | None, at: datetime) -> int:
        """Make given-up entries (these, or all when None) due again at `at`, with their
        attempts counted afresh; returns how many."""

    def prune(self, before: datetime) -> int:
        """Delete entries delivered or given up before `before`; returns how many."""


class HolidayRepository(Protocol):
    def list(self, team_id: str) -> builtins.list[date]:
        """The workspace's holiday dates, earliest first (may be read once per unit of work)."""

    def add(self, team_id: str, days: Sequence[date], actor: str, at: datetime) -> int:
        """Add dates (ones already there are kept as they are); returns how many were new."""

    def remove(self, team_id: str, days: Sequence[date]) -> int:
        """Remove dates; returns how many were there."""

    def calendar(self, team_id: str) -> Calendar | None:
        """The workspace's public holiday calendar, None when it picked none."""

    def set_calendar(
        self, team_id: str, calendar: Calendar | None, actor: str, at: datetime
    ) -> None:
        """Follow `calendar` from now on (None: no public holidays)."""


class PeopleRepository(Protocol):
    def remember(self, team_id: str, names: Mapping[str, str], at: datetime) -> None:
        """Store (or refresh) these user ids' display names, as the bot saw them in Slack."""

    def names(self, team_id: str) -> dict[str, str]:
        """Every remembered display name of the workspace, by user id."""

    def save(self, team_id: str, profiles: Sequence[Profile], at: datetime) -> None:
        """Store (or refresh) these people's profiles, as Slack described them."""

    def profiles(self, team_id: str, user_ids: Collection[str]) -> dict[str, Profile]:
        """The stored profiles of these users, by user id; users only named (see `remember`)
        or never seen are left out."""

    def workspace_locale(self, team_id: str) -> str | None:
        """The language an admin set for the workspace, None when none was set."""

    def reader_locale(self, team_id: str, user_id: str) -> str | None:
        """The person's Slack locale as the directory keeps it, else the workspace's language,
        else None."""

    def set_workspace_locale(
        self, team_id: str, locale: str | None, actor: str, at: datetime
    ) -> None:
        """Set the workspace's language (None: none)."""


class AdminRepository(Protocol):
    def list(self, team_id: str) -> builtins.list[WorkspaceAdmin]:
        """The workspace's listed admins, in the order they were added."""

    def add(self, team_id: str, user_ids: Sequence[str], actor: str, at: datetime) -> int:
        """List these people as admins (ones already listed are kept as they are); returns how
        many were new."""

    def remove(self, team_id: str, user_ids: Sequence[str]) -> int:
        """Take these people off the list; returns how many were on it."""


class TickRepository(Protocol):
    def take(self, team_id: str, job: str, tick: str, by: str, at: datetime) -> bool:
        """Take a workspace's job (reminders, digests, prune) for one tick; True only for the
        first process to ask, which runs it."""

    def prune(self, before: datetime) -> int:
        """Delete ticks taken before `before`, in every workspace; returns how many."""


class OrgRepository(Protocol):
    """Which Enterprise Grid organisation each workspace belongs to, as requests showed it: an
    org-wide installation's token is found for a workspace's scheduled jobs and deliveries."""

    def remember(self, team_id: str, enterprise_id: str, at: datetime) -> None:
        """Record (or update) the workspace's organisation."""

    def org_of(self, team_id: str) -> str | None:
        """The workspace's organisation, if a request ever showed it."""


class UnitOfWork(Protocol):
    """One transaction. `with uow_factory() as uow: ...; uow.commit()`; leaving without commit
    rolls back."""

    frameworks: FrameworkStore
    assessments: AssessmentRepository
    answers: AnswerRepository
    evidence: EvidenceRepository
    positions: PositionRepository
    reminders: ReminderRepository
    events: EventRepository
    prompts: PromptRepository
    holidays: HolidayRepository
    outbox: OutboxRepository
    people: PeopleRepository
    admins: AdminRepository
    ticks: TickRepository
    orgs: OrgRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
