"""Sweep ticks: each workspace's reminder sweep, weekly digests and the daily prune run in one
process a tick, the first to insert the tick's row.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the sweep_ticks table."""
    op.create_table(
        "sweep_ticks",
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("job", sa.String(64), nullable=False),
        sa.Column("tick", sa.String(64), nullable=False),
        sa.Column("claimed_by", sa.String(255), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "job", "tick", name="pk_sweep_ticks"),
    )
    op.create_index("ix_sweep_ticks_claimed_at", "sweep_ticks", ["claimed_at"])


def downgrade() -> None:
    """Drop the sweep_ticks table."""
    op.drop_index("ix_sweep_ticks_claimed_at", table_name="sweep_ticks")
    op.drop_table("sweep_ticks")
