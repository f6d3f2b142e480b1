"""Assessment scope: the domains (modules) an assessment leaves out; existing ones leave none out.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add assessments.out_of_scope, a JSON list of domain ids, empty for those that exist."""
    # A plain ALTER, not a batch: rebuilding the table would drop SQLite's AUTOINCREMENT (0001).
    op.add_column(
        "assessments",
        sa.Column("out_of_scope", sa.Text(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    """Drop assessments.out_of_scope."""
    op.drop_column("assessments", "out_of_scope")
