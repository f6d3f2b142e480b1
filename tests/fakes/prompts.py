"""Bot messages whose threads take evidence, and kept replies (twin of storage's prompts.py)."""

from __future__ import annotations

from dataclasses import replace

from questionnaire.domain import PendingReply, Position, ThreadAnchor

from ._common import MemoryRepository


class FakePromptRepository(MemoryRepository):
    def save_page(self, team_id: str, page: Position) -> None:
        self.require(team_id, page.assessment_id)
        key = (team_id, page.channel_id or "", page.message_ts or "")
        self.t.prompts[key] = ThreadAnchor(page.assessment_id, page=replace(page))

    def find(self, team_id: str, channel_id: str, message_ts: str) -> ThreadAnchor | None:
        return self.t.prompts.get((team_id, channel_id, message_ts))

    def keep(self, team_id: str, reply: PendingReply) -> PendingReply:
        self.require(team_id, reply.assessment_id)
        kept = replace(reply, id=self.s.new_id("pending"))
        self.t.pending[kept.id or 0] = (team_id, kept)
        return kept

    def pending(self, team_id: str, reply_id: int) -> PendingReply | None:
        team, kept = self.t.pending.get(reply_id, ("", None))
        return kept if team == team_id else None

    def drop(self, team_id: str, reply_id: int) -> bool:
        if self.pending(team_id, reply_id) is None:
            return False
        del self.t.pending[reply_id]
        return True
