"""Admins per workspace: the people listed with `/maturity admins add`, besides the operators'
ADMIN_USER_IDS that apply to every workspace.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the workspace_admins table."""
    op.create_table(
        "workspace_admins",
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name="pk_workspace_admins"),
    )


def downgrade() -> None:
    """Drop the workspace_admins table: every workspace falls back to its defaults."""
    op.drop_table("workspace_admins")
