"""Workspace holidays: dates on which no reminders go out in any assessment of a workspace.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the workspace_holidays table."""
    op.create_table(
        "workspace_holidays",
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "day", name="pk_workspace_holidays"),
    )


def downgrade() -> None:
    """Drop the workspace_holidays table."""
    op.drop_table("workspace_holidays")
