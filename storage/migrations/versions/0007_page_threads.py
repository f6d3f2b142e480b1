"""Question pages take evidence in their threads; evidence requests and their DMs are gone.

`evidence_prompts` now also remembers every question page the bot posted (whose, which item and
page), so a reply in the thread of any page a person got is found; its `requirement_id` stays
for the evidence requests older versions posted, whose threads keep working. `pending_replies`
keeps a reply that named no question until its author picks one. Evidence requests and modal
confirmations by DM (`evidence_request`, `evidence_added`) are no longer sent: entries of those
kinds not yet delivered (waiting or given up) are deleted, since this version cannot read them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(64)
RETIRED_KINDS = ("evidence_request", "evidence_added")

outbox = sa.table("outbox", sa.column("kind", sa.String()), sa.column("sent_at", sa.DateTime()))
prompts = sa.table("evidence_prompts", sa.column("requirement_id", ID))


def upgrade() -> None:
    """Page columns on evidence_prompts, the pending_replies table, retired entries deleted."""
    with op.batch_alter_table("evidence_prompts") as batch:
        batch.alter_column("requirement_id", existing_type=ID, nullable=True)
        batch.add_column(sa.Column("user_id", ID, nullable=True))
        batch.add_column(sa.Column("item_id", ID, nullable=True))
        batch.add_column(sa.Column("page", sa.Integer(), nullable=True))
    op.create_table(
        "pending_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", ID, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("channel_id", ID, nullable=False),
        sa.Column("thread_ts", ID, nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pending_replies"),
        sa.ForeignKeyConstraint(
            ["team_id", "assessment_id"],
            ["assessments.team_id", "assessments.id"],
            name="fk_pending_replies_team_id_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sqlite_autoincrement=True,
    )
    op.execute(
        sa.delete(outbox).where(outbox.c.kind.in_(RETIRED_KINDS), outbox.c.sent_at.is_(None))
    )


def downgrade() -> None:
    """Back to evidence requests only: page rows and kept replies are forgotten."""
    op.drop_table("pending_replies")
    op.execute(sa.delete(prompts).where(prompts.c.requirement_id.is_(None)))
    with op.batch_alter_table("evidence_prompts") as batch:
        batch.drop_column("page")
        batch.drop_column("item_id")
        batch.drop_column("user_id")
        batch.alter_column("requirement_id", existing_type=ID, nullable=False)
