"""Holiday calendars: the country (and subdivision) whose public holidays a workspace skips.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the workspace_calendars table."""
    op.create_table(
        "workspace_calendars",
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("subdivision", sa.String(64), nullable=True),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name="pk_workspace_calendars"),
    )


def downgrade() -> None:
    """Drop the workspace_calendars table."""
    op.drop_table("workspace_calendars")
