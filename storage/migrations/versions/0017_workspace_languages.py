"""Workspace languages: the interface language an admin set for a workspace, for people whose
Slack profile gives none.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the workspace_languages table."""
    op.create_table(
        "workspace_languages",
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("locale", sa.String(32), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name="pk_workspace_languages"),
    )


def downgrade() -> None:
    """Drop the workspace_languages table."""
    op.drop_table("workspace_languages")
