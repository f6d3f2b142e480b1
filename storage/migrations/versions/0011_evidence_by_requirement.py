"""Evidence indexed by requirement within its assessment, so a click or a page reads the evidence
of its own questions without scanning the assessment's.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "ix_evidence_team_id_assessment_id"
NEW = "ix_evidence_team_id_assessment_id_requirement_id"


def upgrade() -> None:
    """The wider index serves every query the old one did (it is its prefix), so it replaces it."""
    op.create_index(NEW, "evidence", ["team_id", "assessment_id", "requirement_id"])
    op.drop_index(OLD, table_name="evidence")


def downgrade() -> None:
    op.create_index(OLD, "evidence", ["team_id", "assessment_id"])
    op.drop_index(NEW, table_name="evidence")
