"""Adaptive questioning: an assessment setting; assessments started before it keep asking all.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add assessments.adaptive, false for the assessments that exist."""
    # A plain ALTER, not a batch: rebuilding the table would drop SQLite's AUTOINCREMENT (0001).
    op.add_column(
        "assessments",
        sa.Column("adaptive", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    """Drop assessments.adaptive."""
    op.drop_column("assessments", "adaptive")
