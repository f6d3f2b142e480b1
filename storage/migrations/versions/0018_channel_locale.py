"""The channel language of an assessment: the locale its kickoff, summaries and digests are
written in. Assessments started before it keep none and read the workspace's default.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add assessments.channel_locale, empty (the default language) for those that exist."""
    # A plain ALTER, not a batch: rebuilding the table would drop SQLite's AUTOINCREMENT (0001).
    op.add_column("assessments", sa.Column("channel_locale", sa.String(32), nullable=True))


def downgrade() -> None:
    """Drop assessments.channel_locale."""
    op.drop_column("assessments", "channel_locale")
