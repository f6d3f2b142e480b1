"""The assessment domain: assessments, role assignments, answers, evidence, history, positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from questionnaire.phrases import N_


class Answer(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return ANSWER_LABELS[self]


ANSWER_LABELS = {  # English; the bot shows them translated (`bot.blocks.common.answer_label`)
    Answer.MET: N_("Met"),
    Answer.PARTIAL: N_("Partially met"),
    Answer.NOT_MET: N_("Not met"),
    Answer.NOT_APPLICABLE: N_("Not applicable"),
}


class EvidencePolicy(StrEnum):
    STRICT = "strict"  # required evidence must be provided for a requirement to count as met
    LENIENT = "lenient"  # evidence is reported but does not change levels


class AssessmentStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class EvidenceKind(StrEnum):
    LINK = "link"
    FILE = "file"
    MESSAGE = "message"
    NOTE = "note"


class ReviewState(StrEnum):
    PROVIDED = "provided"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ReminderPolicy(BaseModel):
    """When and how often people are reminded; stored with the assessment as JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cadence: Literal["daily", "weekdays", "days"] = "weekdays"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # with cadence "days": Monday=0 .. Sunday=6
    local_time: time = time(10, 0)
    grace_days: int = Field(default=2, ge=0, le=60)
    escalate_after: int = Field(default=3, ge=1, le=50)
    holidays: tuple[date, ...] = ()
    digest_weekday: int | None = Field(default=0, ge=0, le=6)  # weekly channel digest; None = off
    digest_time: time = time(9, 0)


@dataclass(frozen=True, slots=True)
class AssessmentListing:
    """One line about an assessment, for operators who look across workspaces (the CLI)."""

    team_id: str
    id: int
    name: str
    status: AssessmentStatus
    created_at: datetime
    closed_at: datetime | None

    def describe(self) -> str:
        """`T123 #4 'Fraud model' (completed 2026-03-09)` or `(active, started 2026-03-02)`."""
        state = (
            f"{self.status} {self.closed_at:%Y-%m-%d}"
            if self.closed_at
            else f"{self.status}, started {self.created_at:%Y-%m-%d}"
        )
        return f"{self.team_id} #{self.id} {self.name!r} ({state})"


@dataclass(slots=True)
class Assessment:
    """One assessment of one project against one framework, in one Slack workspace."""

    team_id: str
    name: str
    project: str
    framework_id: str
    framework_version: str
    framework_hash: str  # content hash of the frozen framework copy the assessment uses
    lead_id: str
    channel_id: str
    created_at: datetime
    roles: dict[str, list[str]] = field(default_factory=dict)  # role key -> Slack user ids
    target_level: int | None = None
    due_date: date | None = None
    evidence_policy: EvidencePolicy = EvidencePolicy.STRICT
    reminder_policy: ReminderPolicy = field(default_factory=ReminderPolicy)
    status: AssessmentStatus = AssessmentStatus.ACTIVE
    closed_at: datetime | None = None
    previous_id: int | None = None
    adaptive: bool = False  # skip the questions above a level already blocked in their sub-item
    # The language of its channel posts (kickoff, summaries, digests): a locale such as `zh-CN`;
    # None (assessments started before the setting) reads the workspace's default.
    channel_locale: str | None = None
    # Domain ids left out when it started (frameworks with `scope`): never asked nor scored.
    out_of_scope: tuple[str, ...] = ()
    id: int | None = None

    def holders(self, role: str) -> list[str]:
        return list(self.roles.get(role, []))

    def is_active(self) -> bool:
        return self.status is AssessmentStatus.ACTIVE


@dataclass(slots=True)
class RequirementState:
    """The recorded answer to one requirement (absent = unanswered)."""

    requirement_id: str
    answer: Answer | None = None
    comment: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    delegated_to: str | None = None  # hand-off target; overrides role routing
    to_confirm: bool = False  # carried over from the previous assessment, not yet confirmed


def is_open(state: RequirementState | None) -> bool:
    """Unanswered, or carried over from the previous assessment and not yet confirmed."""
    return state is None or state.answer is None or state.to_confirm


@dataclass(slots=True)
class Evidence:
    assessment_id: int
    requirement_id: str
    kind: EvidenceKind
    added_by: str
    added_at: datetime
    url: str | None = None
    title: str | None = None
    note: str | None = None
    review: ReviewState = ReviewState.PROVIDED
    review_reason: str | None = None
    id: int | None = None


class HistorySubject(StrEnum):
    ANSWER = "answer"
    EVIDENCE = "evidence"
    ASSIGNMENT = "assignment"
    DELEGATION = "delegation"
    STATUS = "status"


@dataclass(slots=True, frozen=True)
class HistoryEntry:
    """One audited change: who changed what, when, from what to what (JSON-able strings)."""

    assessment_id: int
    subject: HistorySubject
    actor: str
    at: datetime
    requirement_id: str | None = None
    before: str | None = None
    after: str | None = None


@dataclass(slots=True)
class Position:
    """Where one person is in one assessment's conversation, and the DM message to update."""

    assessment_id: int
    user_id: str
    item_id: str
    page: int = 0
    channel_id: str | None = None
    message_ts: str | None = None


EvidenceItem = tuple[EvidenceKind, str, str | None]  # what a thread reply carries: kind, url, title


@dataclass(frozen=True, slots=True)
class ThreadAnchor:
    """What a bot message's thread is about: a question page the bot posted (`page`: whose,
    which, where), or one requirement's evidence request (messages of older versions)."""

    assessment_id: int
    page: Position | None = None
    requirement_id: str | None = None


@dataclass(frozen=True, slots=True)
class PendingReply:
    """The links and files of a thread reply that named no question: kept until its author
    picks the question they are evidence for."""

    assessment_id: int
    user_id: str
    channel_id: str
    thread_ts: str
    items: tuple[EvidenceItem, ...]
    created_at: datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class WorkspaceAdmin:
    """A person listed as an admin of one workspace, and who listed them when."""

    user_id: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class Profile:
    """A person as Slack last described them: a row of the people directory."""

    user_id: str
    display_name: str
    tz: str | None = None  # IANA name
    tz_offset: int | None = None  # seconds east of UTC
    locale: str | None = None
    is_bot: bool = False
    deleted: bool = False  # deactivated
    is_admin: bool = False  # a workspace admin
    is_owner: bool = False  # a workspace owner
