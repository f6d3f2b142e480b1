"""Where each person is in an assessment's conversation (twin of storage's positions.py)."""

from __future__ import annotations

from dataclasses import replace

from questionnaire.domain import Position

from ._common import MemoryRepository


class FakePositionRepository(MemoryRepository):
    def get(self, team_id: str, assessment_id: int, user_id: str) -> Position | None:
        found = self.t.positions.get((assessment_id, user_id))
        return replace(found) if found and self.owned(team_id, assessment_id) else None

    def save(self, team_id: str, position: Position) -> None:
        self.require(team_id, position.assessment_id)
        self.t.positions[(position.assessment_id, position.user_id)] = replace(position)

    def by_message(self, team_id: str, channel_id: str, message_ts: str) -> Position | None:
        for (aid, _), p in sorted(self.t.positions.items(), reverse=True):
            if (p.channel_id, p.message_ts) == (channel_id, message_ts) and self.owned(
                team_id, aid
            ):
                return replace(p)
        return None
