"""Bot messages that asked for evidence (twin of storage's prompts.py)."""

from __future__ import annotations

from ._common import MemoryRepository


class FakePromptRepository(MemoryRepository):
    def save(
        self,
        team_id: str,
        channel_id: str,
        message_ts: str,
        assessment_id: int,
        requirement_id: str,
    ) -> None:
        self.require(team_id, assessment_id)
        self.t.prompts[(team_id, channel_id, message_ts)] = (assessment_id, requirement_id)

    def find(self, team_id: str, channel_id: str, message_ts: str) -> tuple[int, str] | None:
        return self.t.prompts.get((team_id, channel_id, message_ts))
