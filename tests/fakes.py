"""In-memory UnitOfWork with the SQL implementation's semantics, for fast use-case tests.

`MemoryStore()` is the database; `store.uow_factory()` gives units of work on it. Transactions are
serialised by a lock (like SQLite's BEGIN IMMEDIATE) and roll back unless committed.
"""

from __future__ import annotations

import builtins
import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Self

from questionnaire.domain import (
    Answer,
    Assessment,
    AssessmentStatus,
    Evidence,
    HistoryEntry,
    HistorySubject,
    Position,
    RequirementState,
    ReviewState,
)
from questionnaire.framework import Framework
from questionnaire.ports import (
    AnswerRepository,
    AssessmentRepository,
    EventRepository,
    EvidenceRepository,
    FrameworkStore,
    HolidayRepository,
    PositionRepository,
    PromptRepository,
    ReminderRepository,
    UnitOfWork,
)
from storage import mapping as m


@dataclass
class _Tables:
    """Every table; values are never mutated in place, so a shallow copy is a snapshot."""

    frameworks: dict[str, str] = field(default_factory=dict)
    assessments: dict[int, Assessment] = field(default_factory=dict)
    states: dict[tuple[int, str], RequirementState] = field(default_factory=dict)
    evidence: dict[int, Evidence] = field(default_factory=dict)
    history: list[tuple[str, HistoryEntry]] = field(default_factory=list)
    positions: dict[tuple[int, str], Position] = field(default_factory=dict)
    prompts: dict[tuple[str, str, str], tuple[int, str]] = field(default_factory=dict)
    claims: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    snoozes: dict[tuple[str, str], datetime] = field(default_factory=dict)
    events: dict[tuple[str, str], datetime] = field(default_factory=dict)
    holidays: dict[tuple[str, date], tuple[str, datetime]] = field(default_factory=dict)

    def snapshot(self) -> _Tables:
        return _Tables(**{name: copy.copy(value) for name, value in vars(self).items()})


class MemoryStore:
    """The shared in-memory 'database'."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables = _Tables()
        self.next_id = {"assessment": 1, "evidence": 1}

    def new_id(self, kind: str) -> int:
        value = self.next_id[kind]
        self.next_id[kind] = value + 1
        return value

    def uow_factory(self) -> Callable[[], UnitOfWork]:
        return lambda: FakeUnitOfWork(self)


class _Repo:
    def __init__(self, store: MemoryStore) -> None:
        self.s = store

    @property
    def t(self) -> _Tables:
        return self.s.tables

    def owned(self, team_id: str, assessment_id: int) -> Assessment | None:
        found = self.t.assessments.get(assessment_id)
        return found if found is not None and found.team_id == team_id else None

    def require(self, team_id: str, assessment_id: int) -> Assessment:
        found = self.owned(team_id, assessment_id)
        if found is None:
            raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")
        return found

    def audit(self, team_id: str, *entries: HistoryEntry) -> None:
        self.t.history.extend((team_id, replace(e, at=m.utc(e.at))) for e in entries)


class FakeFrameworkStore(_Repo):
    def save(self, framework: Framework) -> str:
        content_hash = framework.content_hash()
        self.t.frameworks.setdefault(content_hash, framework.canonical_json())
        return content_hash

    def load(self, content_hash: str) -> Framework:
        return Framework.from_json(self.t.frameworks[content_hash])


def _newest_first(items: list[Assessment]) -> list[Assessment]:
    return sorted(items, key=lambda a: (a.created_at, a.id or 0), reverse=True)


class FakeAssessmentRepository(_Repo):
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
        t, aid = self.t, assessment_id
        del t.assessments[aid]
        t.states = {k: v for k, v in t.states.items() if k[0] != aid}
        t.evidence = {k: v for k, v in t.evidence.items() if v.assessment_id != aid}
        t.history = [(team, e) for team, e in t.history if e.assessment_id != aid]
        t.positions = {k: v for k, v in t.positions.items() if k[0] != aid}
        t.prompts = {k: v for k, v in t.prompts.items() if v[0] != aid}
        t.claims = {
            (team, user, slot): when
            for (team, user, slot), when in t.claims.items()
            if team != team_id or not (user.endswith(f":{aid}") or slot.startswith(f"force:{aid}:"))
        }
        for other in [a for a in t.assessments.values() if a.previous_id == aid]:
            t.assessments[other.id or 0] = replace(copy.deepcopy(other), previous_id=None)
        return True

    def _where(self, keep: Callable[[Assessment], bool]) -> builtins.list[Assessment]:
        return [
            copy.deepcopy(a)
            for a in _newest_first(builtins.list(self.t.assessments.values()))
            if keep(a)
        ]


class FakeAnswerRepository(_Repo):
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
        comment: str | None = None,
    ) -> tuple[RequirementState | None, RequirementState]:
        old = self._row(team_id, assessment_id, requirement_id)
        before = None if m.is_blank(old) else old
        answered = answer is not None
        after = replace(
            old,
            answer=Answer(answer) if answer is not None else None,
            comment=comment,
            answered_by=actor if answered else None,
            answered_at=m.utc(at) if answered else None,
            to_confirm=False,
        )
        self.t.states[(assessment_id, requirement_id)] = after
        entry = HistoryEntry(
            assessment_id,
            HistorySubject.ANSWER,
            actor,
            at,
            requirement_id,
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


class FakeEvidenceRepository(_Repo):
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


class FakePositionRepository(_Repo):
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


class FakePromptRepository(_Repo):
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


class FakeReminderRepository(_Repo):
    def claim(self, team_id: str, user_id: str, slot: str, at: datetime) -> bool:
        if (team_id, user_id, slot) in self.t.claims:
            return False
        self.t.claims[(team_id, user_id, slot)] = m.utc(at)
        return True

    def release(self, team_id: str, user_id: str, slot: str) -> None:
        self.t.claims.pop((team_id, user_id, slot), None)

    def sent_since(self, team_id: str, user_id: str, since: datetime | None) -> int:
        return len([at for at in self._mine(team_id, user_id) if since is None or at > since])

    def last_sent(self, team_id: str, user_id: str) -> datetime | None:
        return max(self._mine(team_id, user_id), default=None)

    def snooze(self, team_id: str, user_id: str, until: datetime) -> None:
        self.t.snoozes[(team_id, user_id)] = m.utc(until)

    def snoozed_until(self, team_id: str, user_id: str) -> datetime | None:
        return self.t.snoozes.get((team_id, user_id))

    def last_sent_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        return {u: at for u in set(user_ids) if (at := self.last_sent(team_id, u)) is not None}

    def snoozed_until_many(self, team_id: str, user_ids: Sequence[str]) -> dict[str, datetime]:
        return {u: at for u in set(user_ids) if (at := self.snoozed_until(team_id, u)) is not None}

    def claimed_since(
        self, team_id: str, user_ids: Sequence[str], since: datetime
    ) -> dict[str, list[datetime]]:
        found = {
            u: sorted(at for at in self._mine(team_id, u) if at > since) for u in set(user_ids)
        }
        return {u: times for u, times in found.items() if times}

    def prune(self, before: datetime) -> int:
        return _drop_older(self.t.claims, before)

    def _mine(self, team_id: str, user_id: str) -> list[datetime]:
        return [at for (t, u, _), at in self.t.claims.items() if (t, u) == (team_id, user_id)]


def _drop_older(rows: dict[Any, datetime], before: datetime) -> int:
    """Delete the rows stamped before `before`; how many (the retention of claims and events)."""
    old = [key for key, at in rows.items() if at < before]
    for key in old:
        del rows[key]
    return len(old)


class FakeEventRepository(_Repo):
    def first_time(self, team_id: str, event_id: str, at: datetime) -> bool:
        if (team_id, event_id) in self.t.events:
            return False
        self.t.events[(team_id, event_id)] = m.utc(at)
        return True

    def prune(self, before: datetime) -> int:
        return _drop_older(self.t.events, before)


class FakeHolidayRepository(_Repo):
    def list(self, team_id: str) -> builtins.list[date]:
        return sorted(d for t, d in self.t.holidays if t == team_id)

    def add(self, team_id: str, days: Sequence[date], actor: str, at: datetime) -> int:
        new = [d for d in set(days) if (team_id, d) not in self.t.holidays]
        for d in new:
            self.t.holidays[(team_id, d)] = (actor, m.utc(at))
        return len(new)

    def remove(self, team_id: str, days: Sequence[date]) -> int:
        return sum(self.t.holidays.pop((team_id, d), None) is not None for d in set(days))


class FakeUnitOfWork:
    """One serialised transaction on a MemoryStore; rolled back unless committed."""

    frameworks: FrameworkStore
    assessments: AssessmentRepository
    answers: AnswerRepository
    evidence: EvidenceRepository
    positions: PositionRepository
    prompts: PromptRepository
    reminders: ReminderRepository
    events: EventRepository
    holidays: HolidayRepository

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.frameworks = FakeFrameworkStore(store)
        self.assessments = FakeAssessmentRepository(store)
        self.answers = FakeAnswerRepository(store)
        self.evidence = FakeEvidenceRepository(store)
        self.positions = FakePositionRepository(store)
        self.prompts = FakePromptRepository(store)
        self.reminders = FakeReminderRepository(store)
        self.events = FakeEventRepository(store)
        self.holidays = FakeHolidayRepository(store)
        self._snapshot: _Tables | None = None

    def __enter__(self) -> Self:
        self.store.lock.acquire()
        self._snapshot = self.store.tables.snapshot()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self.rollback()
        finally:
            self._snapshot = None
            self.store.lock.release()

    def commit(self) -> None:
        self._snapshot = self.store.tables.snapshot()

    def rollback(self) -> None:
        if self._snapshot is not None:
            self.store.tables = self._snapshot.snapshot()
