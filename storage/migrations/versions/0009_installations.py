"""Installations: the tables of slack_sdk's SQLAlchemy installation and OAuth state stores, for
OAuth mode (each workspace that installs the app gets its own bot token).

The columns are slack_sdk's (SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore, v3.48),
written out here so that this migration never changes with the library. Token columns are Text,
not slack_sdk's String(200): the bot stores them encrypted, which makes them longer.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTALLATIONS, BOTS, STATES = "slack_installations", "slack_bots", "slack_oauth_states"


def _workspace_and_bot() -> list[sa.Column[object]]:
    """The columns both tables have: the app, the workspace or organisation, and the bot."""
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(32), nullable=False),
        sa.Column("app_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32)),
        sa.Column("enterprise_name", sa.String(200)),
        sa.Column("team_id", sa.String(32)),
        sa.Column("team_name", sa.String(200)),
        sa.Column("bot_token", sa.Text),
        sa.Column("bot_id", sa.String(32)),
        sa.Column("bot_user_id", sa.String(32)),
        sa.Column("bot_scopes", sa.String(1000)),
        sa.Column("bot_refresh_token", sa.Text),
        sa.Column("bot_token_expires_at", sa.DateTime),
        sa.Column("is_enterprise_install", sa.Boolean, nullable=False, default=False),
        sa.Column("installed_at", sa.DateTime, nullable=False),
    ]


def upgrade() -> None:
    """Create the installations, bots and OAuth states tables."""
    op.create_table(
        INSTALLATIONS,
        *_workspace_and_bot(),
        sa.Column("enterprise_url", sa.String(200)),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("user_token", sa.Text),
        sa.Column("user_scopes", sa.String(1000)),
        sa.Column("user_refresh_token", sa.Text),
        sa.Column("user_token_expires_at", sa.DateTime),
        sa.Column("incoming_webhook_url", sa.String(200)),
        sa.Column("incoming_webhook_channel", sa.String(200)),
        sa.Column("incoming_webhook_channel_id", sa.String(200)),
        sa.Column("incoming_webhook_configuration_url", sa.String(200)),
        sa.Column("token_type", sa.String(32)),
    )
    op.create_index(
        f"{INSTALLATIONS}_idx",
        INSTALLATIONS,
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )
    op.create_table(BOTS, *_workspace_and_bot())
    op.create_index(f"{BOTS}_idx", BOTS, ["client_id", "enterprise_id", "team_id", "installed_at"])
    op.create_table(
        STATES,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(200), nullable=False),
        sa.Column("expire_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    """Drop the installations, bots and OAuth states tables."""
    for table in (STATES, BOTS, INSTALLATIONS):
        op.drop_table(table)
