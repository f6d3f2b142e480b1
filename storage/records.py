"""SQLAlchemy 2 typed declarative records: one class per table, scoped by Slack team id."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names, so later migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(64)  # Slack team, user and channel ids; requirement and framework ids
KEY = String(255)  # event ids and reminder slots
ENUM = String(16)  # StrEnum values


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store aware ones in UTC."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        """Read back as an aware UTC datetime."""
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base whose metadata names constraints by convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _assessment_fk() -> ForeignKeyConstraint:
    # Composite key: a child row can only point at an assessment of its own workspace.
    return ForeignKeyConstraint(
        ["team_id", "assessment_id"],
        ["assessments.team_id", "assessments.id"],
        ondelete="CASCADE",
    )


class FrameworkSnapshotRecord(Base):
    """A frozen framework copy: canonical JSON keyed by its content hash."""

    __tablename__ = "framework_snapshots"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    framework_id: Mapped[str] = mapped_column(ID)
    version: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)


class AssessmentRecord(Base):
    """One assessment in one workspace."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("team_id", "id"),
        Index("ix_assessments_team_id_status", "team_id", "status"),
        Index("ix_assessments_team_id_name_key", "team_id", "name_key"),
        {"sqlite_autoincrement": True},  # never reuse a deleted assessment's id (see 0001)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)  # casefolded name, same rule on every backend
    project: Mapped[str] = mapped_column(Text)
    framework_id: Mapped[str] = mapped_column(ID)
    framework_version: Mapped[str] = mapped_column(String(40))
    framework_hash: Mapped[str] = mapped_column(
        String(64), ForeignKey("framework_snapshots.content_hash")
    )
    lead_id: Mapped[str] = mapped_column(ID)
    channel_id: Mapped[str] = mapped_column(ID)
    target_level: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    evidence_policy: Mapped[str] = mapped_column(ENUM)
    reminder_policy: Mapped[str] = mapped_column(Text)  # ReminderPolicy JSON
    adaptive: Mapped[bool] = mapped_column(Boolean, server_default=false())
    channel_locale: Mapped[str | None] = mapped_column(String(32))
    out_of_scope: Mapped[str] = mapped_column(Text, server_default="[]")  # JSON list of domain ids
    status: Mapped[str] = mapped_column(ENUM)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    previous_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("assessments.id", ondelete="SET NULL")
    )


class RoleAssignmentRecord(Base):
    """One person holding one role in one assessment."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        _assessment_fk(),
        Index("ix_role_assignments_team_id_user_id", "team_id", "user_id"),
    )

    team_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # keeps the order holders were given in


class RequirementStateRecord(Base):
    """The answer, delegation or carried-over answer of one requirement."""

    __tablename__ = "requirement_states"
    __table_args__ = (
        _assessment_fk(),
        Index("ix_requirement_states_team_id_delegated_to", "team_id", "delegated_to"),
    )

    team_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requirement_id: Mapped[str] = mapped_column(ID, primary_key=True)
    answer: Mapped[str | None] = mapped_column(ENUM)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(ID)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delegated_to: Mapped[str | None] = mapped_column(ID)
    to_confirm: Mapped[bool] = mapped_column(Boolean, default=False)


class EvidenceRecord(Base):
    """Evidence attached to one requirement, with its review."""

    __tablename__ = "evidence"
    __table_args__ = (
        _assessment_fk(),
        # By requirement within the assessment: a page reads its own questions' evidence.
        Index(
            "ix_evidence_team_id_assessment_id_requirement_id",
            "team_id",
            "assessment_id",
            "requirement_id",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[int] = mapped_column(Integer)
    requirement_id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(ENUM)
    added_by: Mapped[str] = mapped_column(ID)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    review: Mapped[str] = mapped_column(ENUM)
    review_reason: Mapped[str | None] = mapped_column(Text)


class HistoryRecord(Base):
    """One audited change: who, when, before and after (JSON text)."""

    __tablename__ = "history"
    __table_args__ = (
        _assessment_fk(),
        Index("ix_history_assessment_id_requirement_id", "assessment_id", "requirement_id"),
        Index("ix_history_assessment_id_actor", "assessment_id", "actor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(ENUM)
    requirement_id: Mapped[str | None] = mapped_column(ID)
    actor: Mapped[str] = mapped_column(ID)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON


class PositionRecord(Base):
    """Where one person is in one assessment's conversation."""

    __tablename__ = "positions"
    __table_args__ = (
        _assessment_fk(),
        Index("ix_positions_team_id_channel_id_message_ts", "team_id", "channel_id", "message_ts"),
    )

    team_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    item_id: Mapped[str] = mapped_column(ID)
    page: Mapped[int] = mapped_column(Integer)
    channel_id: Mapped[str | None] = mapped_column(ID)
    message_ts: Mapped[str | None] = mapped_column(ID)


class ReminderClaimRecord(Base):
    """One reminder slot claimed for one person; the primary key decides who sends it."""

    __tablename__ = "reminder_log"
    __table_args__ = (Index("ix_reminder_log_claimed_at", "claimed_at"),)  # for the prune

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    slot: Mapped[str] = mapped_column(KEY, primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SnoozeRecord(Base):
    """Reminders paused for one person until a moment."""

    __tablename__ = "snoozes"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    until: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcessedEventRecord(Base):
    """A Slack event id already handled (retries are ignored)."""

    __tablename__ = "processed_events"
    __table_args__ = (Index("ix_processed_events_processed_at", "processed_at"),)  # for the prune

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    event_id: Mapped[str] = mapped_column(KEY, primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EvidencePromptRecord(Base):
    """A bot message whose thread takes evidence: a question page (whose, which item and page),
    or, from older versions, an evidence request for one requirement."""

    __tablename__ = "evidence_prompts"
    __table_args__ = (_assessment_fk(),)

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    channel_id: Mapped[str] = mapped_column(ID, primary_key=True)
    message_ts: Mapped[str] = mapped_column(ID, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(Integer)
    requirement_id: Mapped[str | None] = mapped_column(ID)  # an evidence request of old
    user_id: Mapped[str | None] = mapped_column(ID)  # a question page: whose
    item_id: Mapped[str | None] = mapped_column(ID)
    page: Mapped[int | None] = mapped_column(Integer)


class PendingReplyRecord(Base):
    """A thread reply's links and files, kept until its author picks the question."""

    __tablename__ = "pending_replies"
    __table_args__ = (_assessment_fk(), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[str] = mapped_column(ID)
    channel_id: Mapped[str] = mapped_column(ID)
    thread_ts: Mapped[str] = mapped_column(ID)
    items: Mapped[str] = mapped_column(Text)  # JSON: [[kind, url, title], ...]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WorkspaceHolidayRecord(Base):
    """A date on which no reminders go out in any assessment of the workspace."""

    __tablename__ = "workspace_holidays"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    added_by: Mapped[str] = mapped_column(ID)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WorkspaceCalendarRecord(Base):
    """The country (and subdivision) whose public holidays the workspace's reminders skip."""

    __tablename__ = "workspace_calendars"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    subdivision: Mapped[str | None] = mapped_column(String(64), nullable=True)
    set_by: Mapped[str] = mapped_column(ID)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WorkspaceLanguageRecord(Base):
    """The interface language an admin set for the workspace (`/maturity language`): what people
    read whose Slack profile names no locale."""

    __tablename__ = "workspace_languages"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    locale: Mapped[str] = mapped_column(String(32))
    set_by: Mapped[str] = mapped_column(ID)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutboxRecord(Base):
    """A message the bot owes someone, written with the change that caused it (see
    questionnaire.outbox); `(team_id, key)` is its idempotency key."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        # The delivery loop's claim reads only undelivered rows, whatever the table's size.
        Index(
            "ix_outbox_due",
            "priority",
            "due_at",
            sqlite_where=text("sent_at IS NULL AND given_up_at IS NULL"),
            postgresql_where=text("sent_at IS NULL AND given_up_at IS NULL"),
        ),
        Index("ix_outbox_created_at", "created_at"),  # the prune
        Index("ix_outbox_team_id_family", "team_id", "family"),  # `latest`
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ID)
    key: Mapped[str] = mapped_column(KEY)
    family: Mapped[str | None] = mapped_column(KEY)  # the key before its "#", if it has one
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)  # the message as JSON
    priority: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    given_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    channel_id: Mapped[str | None] = mapped_column(ID)
    message_ts: Mapped[str | None] = mapped_column(ID)
    last_error: Mapped[str | None] = mapped_column(String(255))


class PersonRecord(Base):
    """A person as the bot last saw them in Slack: their display name (for reports outside
    Slack) and, once profiled (`profiled_at`), their time zone, locale and account flags."""

    __tablename__ = "people"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    tz: Mapped[str | None] = mapped_column(String(64))
    tz_offset: Mapped[int | None] = mapped_column(Integer)
    locale: Mapped[str | None] = mapped_column(String(32))
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    profiled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # None: a name only


class WorkspaceAdminRecord(Base):
    """A person listed as an admin of the workspace (`/maturity admins add`)."""

    __tablename__ = "workspace_admins"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, primary_key=True)
    added_by: Mapped[str] = mapped_column(ID)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SweepTickRecord(Base):
    """One workspace's job for one tick, taken by the first process to insert it: it runs the
    job there, the others skip it."""

    __tablename__ = "sweep_ticks"
    __table_args__ = (Index("ix_sweep_ticks_claimed_at", "claimed_at"),)  # for the prune

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    job: Mapped[str] = mapped_column(ID, primary_key=True)
    tick: Mapped[str] = mapped_column(ID, primary_key=True)
    claimed_by: Mapped[str] = mapped_column(KEY)
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WorkspaceOrgRecord(Base):
    """The Enterprise Grid organisation a workspace belongs to, as its requests showed it."""

    __tablename__ = "workspace_orgs"

    team_id: Mapped[str] = mapped_column(ID, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ID)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
