"""Initial schema: framework copies, assessments, answers, evidence, history, positions, reminders.

Revision ID: 0001
Revises:
Create Date: 2026-01-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
KEY = sa.String(255)
ENUM = sa.String(16)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _assessment_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["team_id", "assessment_id"],
        ["assessments.team_id", "assessments.id"],
        name=f"fk_{table}_team_id_assessment_id_assessments",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create every table from empty."""
    op.create_table(
        "framework_snapshots",
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("framework_id", ID, nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name="pk_framework_snapshots"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("project", sa.Text(), nullable=False),
        sa.Column("framework_id", ID, nullable=False),
        sa.Column("framework_version", sa.String(40), nullable=False),
        sa.Column("framework_hash", sa.String(64), nullable=False),
        sa.Column("lead_id", ID, nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("evidence_policy", ENUM, nullable=False),
        sa.Column("reminder_policy", sa.Text(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("closed_at", _utc(), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.UniqueConstraint("team_id", "id", name="uq_assessments_team_id_id"),
        sa.ForeignKeyConstraint(
            ["framework_hash"],
            ["framework_snapshots.content_hash"],
            name="fk_assessments_framework_hash_framework_snapshots",
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["assessments.id"],
            name="fk_assessments_previous_id_assessments",
            ondelete="SET NULL",
        ),
        # SQLite would hand a deleted assessment's id to the next one, and old buttons would act
        # on it; AUTOINCREMENT never reuses an id (PostgreSQL's sequences never do).
        sqlite_autoincrement=True,
    )
    op.create_index("ix_assessments_team_id_status", "assessments", ["team_id", "status"])
    op.create_index("ix_assessments_team_id_name_key", "assessments", ["team_id", "name_key"])

    op.create_table(
        "role_assignments",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("role", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", "role", "user_id", name="pk_role_assignments"),
        _assessment_fk("role_assignments"),
    )
    op.create_index(
        "ix_role_assignments_team_id_user_id", "role_assignments", ["team_id", "user_id"]
    )

    op.create_table(
        "requirement_states",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", ID, nullable=False),
        sa.Column("answer", ENUM, nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_by", ID, nullable=True),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.Column("delegated_to", ID, nullable=True),
        sa.Column("to_confirm", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", "requirement_id", name="pk_requirement_states"),
        _assessment_fk("requirement_states"),
    )
    op.create_index(
        "ix_requirement_states_team_id_delegated_to",
        "requirement_states",
        ["team_id", "delegated_to"],
    )

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", ID, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("added_by", ID, nullable=False),
        sa.Column("added_at", _utc(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("review", ENUM, nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        _assessment_fk("evidence"),
    )
    op.create_index("ix_evidence_team_id_assessment_id", "evidence", ["team_id", "assessment_id"])

    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("subject", ENUM, nullable=False),
        sa.Column("requirement_id", ID, nullable=True),
        sa.Column("actor", ID, nullable=False),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_history"),
        _assessment_fk("history"),
    )
    op.create_index(
        "ix_history_assessment_id_requirement_id", "history", ["assessment_id", "requirement_id"]
    )
    op.create_index("ix_history_assessment_id_actor", "history", ["assessment_id", "actor"])

    op.create_table(
        "positions",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("item_id", ID, nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("channel_id", ID, nullable=True),
        sa.Column("message_ts", ID, nullable=True),
        sa.PrimaryKeyConstraint("assessment_id", "user_id", name="pk_positions"),
        _assessment_fk("positions"),
    )
    op.create_index(
        "ix_positions_team_id_channel_id_message_ts",
        "positions",
        ["team_id", "channel_id", "message_ts"],
    )

    op.create_table(
        "evidence_prompts",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("message_ts", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "message_ts", name="pk_evidence_prompts"),
        _assessment_fk("evidence_prompts"),
    )

    op.create_table(
        "reminder_log",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("slot", KEY, nullable=False),
        sa.Column("claimed_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", "slot", name="pk_reminder_log"),
    )
    op.create_table(
        "snoozes",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("until", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name="pk_snoozes"),
    )
    op.create_table(
        "processed_events",
        sa.Column("team_id", ID, nullable=False),
        sa.Column("event_id", KEY, nullable=False),
        sa.Column("processed_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "event_id", name="pk_processed_events"),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in (
        "processed_events",
        "snoozes",
        "reminder_log",
        "evidence_prompts",
        "positions",
        "history",
        "evidence",
        "requirement_states",
        "role_assignments",
        "assessments",
        "framework_snapshots",
    ):
        op.drop_table(table)
