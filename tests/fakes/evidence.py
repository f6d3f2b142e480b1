"""Evidence attached to requirements, and its review (twin of storage's evidence.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from questionnaire.domain import Evidence, HistoryEntry, HistorySubject, ReviewState
from storage import mapping as m

from ._common import MemoryRepository


class FakeEvidenceRepository(MemoryRepository):
    def add(self, team_id: str, evidence: Evidence) -> Evidence:
        self.require(team_id, evidence.assessment_id)
        stored = replace(evidence, id=self.s.new_id("evidence"), added_at=m.utc(evidence.added_at))
        self.t.evidence[stored.id or 0] = stored
        entry = HistoryEntry(
            evidence.assessment_id,
            HistorySubject.EVIDENCE,
            evidence.added_by,
            evidence.added_at,
            evidence.requirement_id,
            None,
            m.evidence_json(evidence),
        )
        self.audit(team_id, entry)
        return replace(stored)

    def for_requirements(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> list[Evidence]:
        wanted = set(requirement_ids)
        return [
            e for e in self.for_assessment(team_id, assessment_id) if e.requirement_id in wanted
        ]

    def standing(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> set[str]:
        wanted = set(requirement_ids)
        return {
            e.requirement_id
            for e in self.for_assessment(team_id, assessment_id)
            if e.requirement_id in wanted and e.review is not ReviewState.REJECTED
        }

    def for_assessment(self, team_id: str, assessment_id: int) -> list[Evidence]:
        if self.owned(team_id, assessment_id) is None:
            return []
        return [
            replace(e)
            for _, e in sorted(self.t.evidence.items())
            if e.assessment_id == assessment_id
        ]

    def review(
        self,
        team_id: str,
        evidence_id: int,
        state: ReviewState,
        reason: str | None,
        actor: str,
        at: datetime,
    ) -> Evidence | None:
        old = self.t.evidence.get(evidence_id)
        if old is None or self.owned(team_id, old.assessment_id) is None:
            return None
        new = replace(old, review=ReviewState(state), review_reason=reason)
        self.t.evidence[evidence_id] = new
        entry = HistoryEntry(
            old.assessment_id,
            HistorySubject.EVIDENCE,
            actor,
            at,
            old.requirement_id,
            m.review_json(old.review, old.review_reason),
            m.review_json(state, reason),
        )
        self.audit(team_id, entry)
        return replace(new)
