"""The people directory: each person's time zone, locale and account flags beside their name,
kept from Slack's user events and a nightly `users.list`, so sweeps and messages read them here
instead of calling `users.info` per person.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLAGS = ("is_bot", "deleted", "is_admin", "is_owner")


def upgrade() -> None:
    """Add the profile columns; rows already there hold names only (`profiled_at` is NULL)."""
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("tz", sa.String(64), nullable=True))
        batch.add_column(sa.Column("tz_offset", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("locale", sa.String(32), nullable=True))
        for flag in FLAGS:
            batch.add_column(
                sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
            )
        batch.add_column(sa.Column("profiled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the profile columns, keeping the names."""
    with op.batch_alter_table("people") as batch:
        for column in ("profiled_at", *reversed(FLAGS), "locale", "tz_offset", "tz"):
            batch.drop_column(column)
