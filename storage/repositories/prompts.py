"""Bot messages whose threads take evidence (question pages, evidence requests of old), and the
thread replies kept until their author picks a question."""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from questionnaire.domain import EvidenceKind, PendingReply, Position, ThreadAnchor

from ..mapping import utc
from ..records import EvidencePromptRecord, PendingReplyRecord
from ._common import (
    affected_rows,
    require_assessment,
    upsert_for_assessment,
)

Prompt = EvidencePromptRecord
Kept = PendingReplyRecord


class SqlPromptRepository:
    """PromptRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def save_page(self, team_id: str, page: Position) -> None:
        """Remember (or replace) the page at its message; KeyError if not in the team."""
        values = {
            "channel_id": page.channel_id,
            "message_ts": page.message_ts,
            "requirement_id": None,
            "user_id": page.user_id,
            "item_id": page.item_id,
            "page": page.page,
        }
        # INSERT .. SELECT from the team's assessment: one statement, and nothing for a foreign id.
        upsert_for_assessment(
            self._session,
            Prompt,
            team_id,
            page.assessment_id,
            values,
            ["team_id", "channel_id", "message_ts"],
            ["assessment_id", *list(values)[2:]],
        )

    def find(self, team_id: str, channel_id: str, message_ts: str) -> ThreadAnchor | None:
        """What the bot message at (channel, ts) is about, if it takes evidence."""
        row = self._session.scalar(
            select(Prompt).where(
                Prompt.team_id == team_id,
                Prompt.channel_id == channel_id,
                Prompt.message_ts == message_ts,
            )
        )
        if row is None:
            return None
        if row.requirement_id is not None or row.user_id is None or row.item_id is None:
            return ThreadAnchor(row.assessment_id, requirement_id=row.requirement_id)
        page = Position(
            row.assessment_id, row.user_id, row.item_id, row.page or 0, channel_id, message_ts
        )
        return ThreadAnchor(row.assessment_id, page=page)

    def keep(self, team_id: str, reply: PendingReply) -> PendingReply:
        """Store a reply waiting for its question; KeyError if its assessment is not the team's."""
        require_assessment(self._session, team_id, reply.assessment_id)
        record = Kept(
            team_id=team_id,
            assessment_id=reply.assessment_id,
            user_id=reply.user_id,
            channel_id=reply.channel_id,
            thread_ts=reply.thread_ts,
            items=json.dumps([[kind.value, url, title] for kind, url, title in reply.items]),
            created_at=utc(reply.created_at),
        )
        self._session.add(record)
        self._session.flush()
        return PendingReply(
            reply.assessment_id,
            reply.user_id,
            reply.channel_id,
            reply.thread_ts,
            reply.items,
            reply.created_at,
            record.id,
        )

    def pending(self, team_id: str, reply_id: int) -> PendingReply | None:
        """A kept reply (None: picked already, or not in this workspace)."""
        row = self._session.scalar(select(Kept).where(Kept.team_id == team_id, Kept.id == reply_id))
        if row is None:
            return None
        items = tuple(
            (EvidenceKind(kind), url, title) for kind, url, title in json.loads(row.items)
        )
        return PendingReply(
            row.assessment_id,
            row.user_id,
            row.channel_id,
            row.thread_ts,
            items,
            row.created_at,
            row.id,
        )

    def drop(self, team_id: str, reply_id: int) -> bool:
        """Forget a kept reply; False when it was not there."""
        statement = delete(Kept).where(Kept.team_id == team_id, Kept.id == reply_id)
        return affected_rows(self._session, statement) == 1
