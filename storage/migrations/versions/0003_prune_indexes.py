"""Indexes for the daily prune: it deletes reminder claims and event ids by age.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Index the age columns the prune filters on, so it never scans the whole table."""
    op.create_index("ix_reminder_log_claimed_at", "reminder_log", ["claimed_at"])
    op.create_index("ix_processed_events_processed_at", "processed_events", ["processed_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_events_processed_at", table_name="processed_events")
    op.drop_index("ix_reminder_log_claimed_at", table_name="reminder_log")
