"""Which Enterprise Grid organisation each workspace belongs to, so an org-wide installation's
token is found for a workspace's scheduled jobs and deliveries (which know only the workspace).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One row per workspace seen in an org-wide installation's requests."""
    op.create_table(
        "workspace_orgs",
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("enterprise_id", sa.String(64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name="pk_workspace_orgs"),
    )


def downgrade() -> None:
    op.drop_table("workspace_orgs")
