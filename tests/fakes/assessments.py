"""Assessments and their role holders (twin of storage's assessments.py)."""

from __future__ import annotations

import builtins
import copy
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from questionnaire.domain import (
    Assessment,
    AssessmentListing,
    AssessmentStatus,
    HistoryEntry,
    HistorySubject,
    RequirementState,
)
from storage import mapping as m

from ._common import MemoryRepository
from .answers import FakeAnswerRepository
from .removal import delete_assessment


def _newest_first(items: list[Assessment]) -> list[Assessment]:
    return sorted(items, key=lambda a: (a.created_at, a.id or 0), reverse=True)


class FakeAssessmentRepository(MemoryRepository):
    def add(self, assessment: Assessment) -> Assessment:
        if assessment.framework_hash not in self.t.frameworks:
            raise KeyError(f"framework copy {assessment.framework_hash} is not stored")
        roles = {r: list(dict.fromkeys(u)) for r, u in assessment.roles.items() if u}
        stored = copy.deepcopy(assessment)
        stored.id, stored.roles = self.s.new_id("assessment"), roles
        stored.created_at = m.utc(assessment.created_at)
        stored.closed_at = m.utc(stored.closed_at) if stored.closed_at else None
        self.t.assessments[stored.id] = stored
        entry = HistoryEntry(
            stored.id,
            HistorySubject.ASSIGNMENT,
            stored.lead_id,
            stored.created_at,
            after=m.all_roles_json(roles),
        )
        self.audit(stored.team_id, entry)
        return copy.deepcopy(stored)

    def get(self, team_id: str, assessment_id: int) -> Assessment | None:
        return copy.deepcopy(self.owned(team_id, assessment_id))

    def elsewhere(self, team_id: str, assessment_id: int) -> bool:
        found = self.t.assessments.get(assessment_id)
        return found is not None and found.team_id != team_id

    def lock(self, team_id: str, assessment_id: int) -> Assessment | None:
        return self.get(team_id, assessment_id)  # the fake's transactions are serialised

    def lock_with_states(
        self, team_id: str, assessment_id: int
    ) -> tuple[Assessment, dict[str, RequirementState]] | None:
        found = self.lock(team_id, assessment_id)
        if found is None:
            return None
        return found, FakeAnswerRepository(self.s).states(team_id, assessment_id)

    def by_name(self, team_id: str, name: str) -> Assessment | None:
        key = m.name_key(name)
        found = self._where(lambda a: a.team_id == team_id and m.name_key(a.name) == key)
        return found[0] if found else None

    def list(
        self, team_id: str, statuses: Sequence[AssessmentStatus] | None = None
    ) -> builtins.list[Assessment]:
        wanted = None if statuses is None else {AssessmentStatus(s) for s in statuses}
        return self._where(
            lambda a: a.team_id == team_id and (wanted is None or a.status in wanted)
        )

    def list_for_user(self, team_id: str, user_id: str) -> builtins.list[Assessment]:
        delegated = {aid for (aid, _), s in self.t.states.items() if s.delegated_to == user_id}
        return self._where(
            lambda a: (
                a.team_id == team_id
                and (
                    a.lead_id == user_id
                    or any(user_id in users for users in a.roles.values())
                    or a.id in delegated
                )
            )
        )

    def active_teams(self) -> builtins.list[str]:
        return sorted({a.team_id for a in self.t.assessments.values() if a.is_active()})

    def update(self, assessment: Assessment, actor: str, at: datetime) -> None:
        if assessment.id is None:
            raise KeyError("the assessment has no id: add it first")
        old = self.require(assessment.team_id, assessment.id)
        entries = []
        if old.status != assessment.status:
            before, after = m.status_json(old.status), m.status_json(assessment.status)
            entries.append(
                HistoryEntry(old.id or 0, HistorySubject.STATUS, actor, at, None, before, after)
            )
        if old.lead_id != assessment.lead_id:
            before, after = m.lead_json(old.lead_id), m.lead_json(assessment.lead_id)
            entries.append(
                HistoryEntry(old.id or 0, HistorySubject.ASSIGNMENT, actor, at, None, before, after)
            )
        self.t.assessments[assessment.id] = replace(
            copy.deepcopy(old),
            name=assessment.name,
            project=assessment.project,
            lead_id=assessment.lead_id,
            channel_id=assessment.channel_id,
            target_level=assessment.target_level,
            due_date=assessment.due_date,
            evidence_policy=assessment.evidence_policy,
            reminder_policy=assessment.reminder_policy,
            adaptive=assessment.adaptive,
            out_of_scope=assessment.out_of_scope,
            status=AssessmentStatus(assessment.status),
            closed_at=m.utc(assessment.closed_at) if assessment.closed_at else None,
            previous_id=assessment.previous_id,
        )
        self.audit(old.team_id, *entries)

    def set_role_holders(
        self,
        team_id: str,
        assessment_id: int,
        role: str,
        user_ids: Sequence[str],
        actor: str,
        at: datetime,
    ) -> None:
        old = self.require(team_id, assessment_id)
        before, after = old.holders(role), list(dict.fromkeys(user_ids))
        roles = {r: list(u) for r, u in old.roles.items() if r != role}
        if after:
            roles[role] = after
        self.t.assessments[assessment_id] = replace(copy.deepcopy(old), roles=roles)
        entry = HistoryEntry(
            assessment_id,
            HistorySubject.ASSIGNMENT,
            actor,
            at,
            None,
            m.roles_json(role, before),
            m.roles_json(role, after),
        )
        self.audit(team_id, entry)

    def delete(self, team_id: str, assessment_id: int) -> bool:
        if self.owned(team_id, assessment_id) is None:
            return False
        delete_assessment(self.t, team_id, assessment_id)
        return True

    def across_workspaces(
        self, name_or_id: str | None, team_id: str | None = None, limit: int = 100
    ) -> builtins.list[AssessmentListing]:
        key = None if name_or_id is None else m.name_key(name_or_id)

        def matches(a: Assessment) -> bool:
            named = key is None or m.name_key(a.name) == key or str(a.id) == name_or_id
            return named and (not team_id or a.team_id == team_id)

        return [
            AssessmentListing(a.team_id, a.id or 0, a.name, a.status, a.created_at, a.closed_at)
            for a in self._where(matches)[:limit]
        ]

    def _where(self, keep: Callable[[Assessment], bool]) -> builtins.list[Assessment]:
        return [
            copy.deepcopy(a)
            for a in _newest_first(builtins.list(self.t.assessments.values()))
            if keep(a)
        ]
