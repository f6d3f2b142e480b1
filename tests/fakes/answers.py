"""Requirement states and the history trail (twin of storage's answers.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from questionnaire.domain import (
    Answer,
    HistoryEntry,
    HistorySubject,
    RequirementState,
    ReviewState,
)
from questionnaire.ports import Recorded
from storage import mapping as m

from ._common import MemoryRepository


class FakeAnswerRepository(MemoryRepository):
    def states(self, team_id: str, assessment_id: int) -> dict[str, RequirementState]:
        if self.owned(team_id, assessment_id) is None:
            return {}
        return {
            rid: replace(s)
            for (aid, rid), s in sorted(self.t.states.items())
            if aid == assessment_id and not m.is_blank(s)
        }

    def get(self, team_id: str, assessment_id: int, requirement_id: str) -> RequirementState | None:
        if self.owned(team_id, assessment_id) is None:
            return None
        state = self.t.states.get((assessment_id, requirement_id))
        return None if state is None or m.is_blank(state) else replace(state)

    def record(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        answer: Answer | None,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        old = self._row(team_id, assessment_id, requirement_id)
        answered = answer is not None
        after = replace(
            old,
            answer=Answer(answer) if answer is not None else None,
            answered_by=actor if answered else None,
            answered_at=m.utc(at) if answered else None,
            to_confirm=False,
        )
        return self._save_answer(team_id, assessment_id, old, after, actor, at)

    def record_held(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        answer: Answer | None,
        actor: str,
        at: datetime,
        before: RequirementState | None,
        evidence_of: Sequence[str] = (),
    ) -> Recorded:
        found, after = self.record(team_id, assessment_id, requirement_id, answer, actor, at)
        assert found == before, (found, before)  # the caller held the lock: nothing changed
        stands = any(
            e.assessment_id == assessment_id
            and e.requirement_id == requirement_id
            and e.review is not ReviewState.REJECTED
            for e in self.t.evidence.values()
        )
        wanted = set(evidence_of)
        evidence = tuple(
            replace(e)
            for _, e in sorted(self.t.evidence.items())
            if e.assessment_id == assessment_id and e.requirement_id in wanted
        )
        return Recorded(after, stands, evidence)

    def set_comment(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        comment: str | None,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        old = self._row(team_id, assessment_id, requirement_id)
        if old.comment == comment:
            return (None if m.is_blank(old) else replace(old)), replace(old)
        after = replace(old, comment=comment)
        return self._save_answer(team_id, assessment_id, old, after, actor, at)

    def _save_answer(
        self,
        team_id: str,
        assessment_id: int,
        old: RequirementState,
        after: RequirementState,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        before = None if m.is_blank(old) else old
        self.t.states[(assessment_id, after.requirement_id)] = after
        entry = HistoryEntry(
            assessment_id,
            HistorySubject.ANSWER,
            actor,
            at,
            after.requirement_id,
            m.answer_json(before),
            m.answer_json(after),
        )
        self.audit(team_id, entry)
        return (replace(before) if before else None), replace(after)

    def delegate(
        self,
        team_id: str,
        assessment_id: int,
        requirement_ids: Sequence[str],
        to_user: str | None,
        actor: str,
        at: datetime,
    ) -> None:
        ids = list(dict.fromkeys(requirement_ids))
        if not ids:
            return
        self.require(team_id, assessment_id)
        for rid in ids:
            old = self._row(team_id, assessment_id, rid)
            self.t.states[(assessment_id, rid)] = replace(old, delegated_to=to_user)
            entry = HistoryEntry(
                assessment_id,
                HistorySubject.DELEGATION,
                actor,
                at,
                rid,
                m.delegation_json(old.delegated_to),
                m.delegation_json(to_user),
            )
            self.audit(team_id, entry)

    def carry_over(
        self,
        team_id: str,
        from_assessment_id: int,
        to_assessment_id: int,
        requirement_ids: Sequence[str],
    ) -> int:
        self.require(team_id, from_assessment_id)
        target = self.require(team_id, to_assessment_id)
        count = 0
        for rid in dict.fromkeys(requirement_ids):
            source = self.t.states.get((from_assessment_id, rid))
            if source is None or source.answer is None:
                continue
            old = self._row(team_id, to_assessment_id, rid)
            if old.answer is not None:
                continue
            new = replace(
                old,
                answer=source.answer,
                comment=source.comment,
                answered_by=source.answered_by,
                answered_at=source.answered_at,
                to_confirm=True,
            )
            self.t.states[(to_assessment_id, rid)] = new
            after = m.answer_json(new, carried_from=from_assessment_id)
            entry = HistoryEntry(
                to_assessment_id,
                HistorySubject.ANSWER,
                target.lead_id,
                target.created_at,
                rid,
                None,
                after,
            )
            self.audit(team_id, entry)
            count += 1
        return count

    def history(
        self, team_id: str, assessment_id: int, requirement_id: str | None = None
    ) -> list[HistoryEntry]:
        return [
            e
            for team, e in self.t.history
            if team == team_id
            and e.assessment_id == assessment_id
            and (requirement_id is None or e.requirement_id == requirement_id)
        ]

    def last_activity(self, team_id: str, assessment_id: int, user_id: str) -> datetime | None:
        times = [
            e.at
            for e in self.history(team_id, assessment_id)
            if e.actor == user_id
            and (
                e.subject is HistorySubject.ANSWER
                or (e.subject is HistorySubject.EVIDENCE and e.before is None)
            )
        ]
        return max(times, default=None)

    def last_activity_many(
        self, team_id: str, assessment_ids: Sequence[int]
    ) -> dict[tuple[int, str], datetime]:
        found: dict[tuple[int, str], datetime] = {}
        for aid in assessment_ids:
            for e in self.history(team_id, aid):
                if e.subject is HistorySubject.ANSWER or (
                    e.subject is HistorySubject.EVIDENCE and e.before is None
                ):
                    key = (aid, e.actor)
                    found[key] = max(found.get(key, e.at), e.at)
        return found

    def _row(self, team_id: str, assessment_id: int, requirement_id: str) -> RequirementState:
        self.require(team_id, assessment_id)
        found = self.t.states.get((assessment_id, requirement_id))
        return replace(found) if found else RequirementState(requirement_id)
