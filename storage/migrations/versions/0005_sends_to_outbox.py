"""Move the "sent once" records kept in reminder_log under made-up user ids into the outbox.

Before the outbox, weekly digests, escalations, overdue notices and completion summaries were
claimed in reminder_log as `digest:<id>`, `escalate:<id>`, `overdue:<id>` and `complete:<id>`.
Each such row becomes a delivered outbox entry under the key the code now uses, stamped with its
claim time, so nothing is sent again after the upgrade and the next digest starts where the
last one ended; then the row is deleted. Completions keep their real message (the close reads
when it went out); the others get a `marker` (a key with nothing to post). A key already in the
outbox is left as it is.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("digest", "escalate", "overdue", "complete")
SOON = 1  # questionnaire.outbox.Priority.SOON, frozen here as the migration wrote it

reminder_log = sa.table(
    "reminder_log",
    sa.column("team_id", sa.String()),
    sa.column("user_id", sa.String()),
    sa.column("slot", sa.String()),
    sa.column("claimed_at", sa.DateTime(timezone=True)),
)
outbox = sa.table(
    "outbox",
    sa.column("team_id", sa.String()),
    sa.column("key", sa.String()),
    sa.column("family", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("body", sa.Text()),
    sa.column("priority", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("attempts", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("due_at", sa.DateTime(timezone=True)),
    sa.column("sent_at", sa.DateTime(timezone=True)),
)


def _made_up() -> sa.ColumnElement[bool]:
    return sa.or_(*(reminder_log.c.user_id.like(f"{kind}:%") for kind in KINDS))


def _outbox_key(owner: str, slot: str) -> tuple[str, str, dict[str, Any]] | None:
    """(key, kind, body) of the outbox entry that replaces one claim; None for a row that is
    not one of ours after all."""
    kind, _, assessment = owner.partition(":")
    if not assessment.isdigit():
        return None
    if kind == "complete":
        return f"complete:{assessment}", "completion", {"assessment_id": int(assessment)}
    if kind in ("digest", "overdue"):  # slots `week:<date>` and `due:<date>`
        return f"{owner}#{slot}", "marker", {}  # questionnaire.outbox.family_key, frozen here
    user, _, stamp = slot.rpartition("@")  # `<user>@<unix seconds of the idle start>`
    if kind != "escalate" or not user or not stamp.isdigit():
        return None
    # The format of questionnaire.reminders.policy.escalation_key, frozen here.
    since = datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"escalate:{assessment}:{user}:{since}", "marker", {}


def upgrade() -> None:
    """Copy each claim into the outbox as a delivered entry, then delete the claims."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(reminder_log).where(_made_up()).order_by(reminder_log.c.claimed_at)
    ).all()
    taken = {
        (team, key)
        for team, key in connection.execute(
            sa.select(outbox.c.team_id, outbox.c.key).where(
                sa.or_(*(outbox.c.key.like(f"{kind}:%") for kind in KINDS))
            )
        )
    }
    entries = []
    for team, owner, slot, claimed_at in rows:
        found = _outbox_key(owner, slot)
        if found is None or (team, found[0]) in taken:
            continue
        key, kind, body = found
        taken.add((team, key))
        entries.append(
            {
                "team_id": team,
                "key": key,
                "family": key.partition("#")[0] if "#" in key else None,
                "kind": kind,
                "body": json.dumps(body, sort_keys=True),
                "priority": SOON,
                "version": 1,
                "attempts": 1,
                "created_at": claimed_at,
                "due_at": claimed_at,
                "sent_at": claimed_at,
            }
        )
    if entries:
        op.bulk_insert(outbox, entries)
    connection.execute(sa.delete(reminder_log).where(_made_up()))


def downgrade() -> None:
    """Claims again for the digests, escalations and overdue notices queued since: the code of
    0004 reads them there (completions it already reads from the outbox)."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(outbox.c.team_id, outbox.c.key, outbox.c.created_at).where(
            sa.or_(*(outbox.c.key.like(f"{kind}:%") for kind in KINDS[:3])),
            ~outbox.c.key.like("%:dm"),
        )
    ).all()
    claims: dict[tuple[str, str, str], datetime] = {}
    for team, key, created_at in rows:
        kind, assessment, rest = key.replace("#", ":", 1).split(":", 2)
        if kind == "escalate":
            user, _, since = rest.partition(":")
            at = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            slot = f"{user}@{int(at.timestamp())}"
        else:
            slot = rest
        claims[(team, f"{kind}:{assessment}", slot)] = created_at
    existing = {
        tuple(row)
        for row in connection.execute(
            sa.select(reminder_log.c.team_id, reminder_log.c.user_id, reminder_log.c.slot).where(
                _made_up()
            )
        )
    }
    missing = [
        {"team_id": team, "user_id": owner, "slot": slot, "claimed_at": at}
        for (team, owner, slot), at in claims.items()
        if (team, owner, slot) not in existing
    ]
    if missing:
        op.bulk_insert(reminder_log, missing)
