"""Assessments and their role holders."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import cast

from sqlalchemy import (
    BindParameter,
    Executable,
    Select,
    Table,
    bindparam,
    delete,
    exists,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Session

from questionnaire.domain import (
    Assessment,
    AssessmentListing,
    AssessmentStatus,
    HistoryEntry,
    HistorySubject,
    RequirementState,
)

from ..mapping import (
    all_roles_json,
    apply_assessment,
    assessment_from_record,
    assessment_record,
    holders_by_role,
    json_rows,
    lead_json,
    name_key,
    role_rows,
    roles_by_assessment,
    roles_json,
    state_from_json,
    status_json,
    utc,
)
from ..records import (
    AssessmentRecord,
    FrameworkSnapshotRecord,
    RequirementStateRecord,
    RoleAssignmentRecord,
)
from ._bulk import among
from ._common import json_array_agg, require_assessment, write_history
from ._prepared import prepared
from .answers import HAS_STATE, STATE_FIELDS
from .removal import delete_assessment

_NEWEST_FIRST = (AssessmentRecord.created_at.desc(), AssessmentRecord.id.desc())


def _load_one_statement(lock: bool) -> Executable:
    """`_load_one`'s query (parameters team and aid), built once (see `prepared`): the
    assessment's columns and, a row per holder, the role and holder (plain rows: no ORM objects
    to build on every click)."""
    assessments = cast(Table, AssessmentRecord.__table__)
    roles = cast(Table, RoleAssignmentRecord.__table__)
    team: BindParameter[str] = bindparam("team")
    query = (
        select(
            assessments,
            roles.c.role.label("holder_role"),
            roles.c.user_id.label("holder_id"),
            roles.c.position.label("holder_position"),
        )
        .outerjoin(roles, (roles.c.assessment_id == assessments.c.id) & (roles.c.team_id == team))
        .where(assessments.c.team_id == team, assessments.c.id == bindparam("aid"))
    )
    if lock:  # the assessment's row only (PostgreSQL locks no side of an outer join)
        query = query.with_for_update(of=assessments)
    return query


def _lock_with_states_statement(dialect: str) -> Executable:
    """`lock_with_states`' query (parameters team and aid), built once: one row, the
    assessment's columns, its holders and its states each as one JSON array (a row per holder
    would repeat the states)."""
    assessments = cast(Table, AssessmentRecord.__table__)
    roles = cast(Table, RoleAssignmentRecord.__table__)
    states = cast(Table, RequirementStateRecord.__table__)
    team: BindParameter[str] = bindparam("team")
    aid: BindParameter[int] = bindparam("aid")
    holders = (
        select(json_array_agg(dialect, roles.c.role, roles.c.position, roles.c.user_id))
        .where(roles.c.team_id == team, roles.c.assessment_id == aid)
        .scalar_subquery()
    )
    answered = (
        select(json_array_agg(dialect, *(states.c[name] for name in STATE_FIELDS)))
        .where(states.c.team_id == team, states.c.assessment_id == aid, HAS_STATE)
        .scalar_subquery()
    )
    return (
        select(assessments, holders.label("holders_json"), answered.label("states_json"))
        .where(assessments.c.team_id == team, assessments.c.id == aid)
        .with_for_update(of=assessments)
    )


class SqlAssessmentRepository:
    """AssessmentRepository on SQL."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, assessment: Assessment) -> Assessment:
        """Insert; returns a copy with its id set. Writes an assignment history row."""
        known = self._session.scalar(
            select(FrameworkSnapshotRecord.content_hash).where(
                FrameworkSnapshotRecord.content_hash == assessment.framework_hash
            )
        )
        if known is None:
            raise KeyError(f"framework copy {assessment.framework_hash} is not stored")
        record = assessment_record(assessment)
        self._session.add(record)
        self._session.flush()
        roles = {role: list(dict.fromkeys(users)) for role, users in assessment.roles.items()}
        roles = {role: users for role, users in roles.items() if users}
        rows = [
            r
            for role, users in roles.items()
            for r in role_rows(record.team_id, record.id, role, users)
        ]
        if rows:
            self._session.execute(insert(RoleAssignmentRecord), rows)
        entry = HistoryEntry(
            assessment_id=record.id,
            subject=HistorySubject.ASSIGNMENT,
            actor=assessment.lead_id,
            at=assessment.created_at,
            after=all_roles_json(roles),
        )
        write_history(self._session, record.team_id, [entry])
        return replace(
            assessment,
            id=record.id,
            roles=roles,
            created_at=record.created_at,
            closed_at=record.closed_at,
        )

    def get(self, team_id: str, assessment_id: int) -> Assessment | None:
        """The assessment with this id in this workspace, or None."""
        return self._load_one(team_id, assessment_id, lock=False)

    def elsewhere(self, team_id: str, assessment_id: int) -> bool:
        """Whether the id is an assessment of another workspace (only that is read)."""
        found = self._session.execute(
            select(AssessmentRecord.id).where(
                AssessmentRecord.id == assessment_id, AssessmentRecord.team_id != team_id
            )
        ).first()
        return found is not None

    def lock(self, team_id: str, assessment_id: int) -> Assessment | None:
        """`get` with SELECT ... FOR UPDATE (PostgreSQL; SQLite's transactions already hold its
        one write lock from BEGIN IMMEDIATE)."""
        return self._load_one(team_id, assessment_id, lock=True)

    def _load_one(self, team_id: str, assessment_id: int, *, lock: bool) -> Assessment | None:
        """One assessment with its role holders in one statement (a row per holder): read on
        every click and every page drawn, where a second round trip for the roles shows."""
        query = prepared(("assessments.load_one", lock), lambda: _load_one_statement(lock))
        connection = self._session.connection()
        rows = connection.execute(query, {"team": team_id, "aid": assessment_id}).all()
        if not rows:
            return None
        roles = holders_by_role(
            (row.holder_role, row.holder_position, row.holder_id)
            for row in rows
            if row.holder_role is not None
        )
        return assessment_from_record(cast(AssessmentRecord, rows[0]), roles)

    def lock_with_states(
        self, team_id: str, assessment_id: int
    ) -> tuple[Assessment, dict[str, RequirementState]] | None:
        """`lock` and the assessment's states in one statement (one round trip on every
        answer click)."""
        dialect = self._session.get_bind().dialect.name
        query = prepared(
            ("assessments.lock_with_states", dialect),
            lambda: _lock_with_states_statement(dialect),
        )
        connection = self._session.connection()
        row = connection.execute(query, {"team": team_id, "aid": assessment_id}).one_or_none()
        if row is None:
            return None
        roles = holders_by_role(tuple(h) for h in json_rows(row.holders_json))
        states = (state_from_json(values) for values in json_rows(row.states_json))
        assessment = assessment_from_record(cast(AssessmentRecord, row), roles)
        return assessment, {state.requirement_id: state for state in states}

    def by_name(self, team_id: str, name: str) -> Assessment | None:
        """Case-insensitive match on name; the newest when several share it."""
        found = self._load(
            select(AssessmentRecord)
            .where(AssessmentRecord.team_id == team_id, AssessmentRecord.name_key == name_key(name))
            .order_by(*_NEWEST_FIRST)
            .limit(1)
        )
        return found[0] if found else None

    def list_for_user(self, team_id: str, user_id: str) -> builtins.list[Assessment]:
        """Assessments the user leads, holds a role in, or has requirements delegated to them."""
        holds_role = exists().where(
            RoleAssignmentRecord.assessment_id == AssessmentRecord.id,
            RoleAssignmentRecord.team_id == team_id,
            RoleAssignmentRecord.user_id == user_id,
        )
        delegated = exists().where(
            RequirementStateRecord.assessment_id == AssessmentRecord.id,
            RequirementStateRecord.team_id == team_id,
            RequirementStateRecord.delegated_to == user_id,
        )
        return self._load(
            select(AssessmentRecord)
            .where(
                AssessmentRecord.team_id == team_id,
                or_(AssessmentRecord.lead_id == user_id, holds_role, delegated),
            )
            .order_by(*_NEWEST_FIRST)
        )

    def active_teams(self) -> builtins.list[str]:
        """Team ids with at least one active assessment (the scheduler's entry point)."""
        rows = self._session.scalars(
            select(AssessmentRecord.team_id)
            .where(AssessmentRecord.status == AssessmentStatus.ACTIVE.value)
            .distinct()
            .order_by(AssessmentRecord.team_id)
        )
        return builtins.list(rows)

    def across_workspaces(
        self, name_or_id: str | None, team_id: str | None = None, limit: int = 100
    ) -> builtins.list[AssessmentListing]:
        """Operators' lookup across workspaces (the CLI): by id or name, newest first."""
        record = AssessmentRecord
        query = select(
            record.team_id,
            record.id,
            record.name,
            record.status,
            record.created_at,
            record.closed_at,
        )
        if name_or_id is not None:
            match = record.name_key == name_key(name_or_id)
            if name_or_id.isdigit():
                match = or_(match, record.id == int(name_or_id))
            query = query.where(match)
        if team_id:
            query = query.where(record.team_id == team_id)
        rows = self._session.execute(query.order_by(*_NEWEST_FIRST).limit(limit)).all()
        return [
            AssessmentListing(
                team_id=row.team_id,
                id=row.id,
                name=row.name,
                status=AssessmentStatus(row.status),
                created_at=utc(row.created_at),
                closed_at=utc(row.closed_at) if row.closed_at else None,
            )
            for row in rows
        ]

    def update(self, assessment: Assessment, actor: str, at: datetime) -> None:
        """Save scalar fields; status and lead changes are audited. KeyError if not in the team."""
        if assessment.id is None:
            raise KeyError("the assessment has no id: add it first")
        record = self._session.scalar(
            select(AssessmentRecord)
            .where(
                AssessmentRecord.team_id == assessment.team_id,
                AssessmentRecord.id == assessment.id,
            )
            .with_for_update(key_share=True)  # NO KEY UPDATE: answers may still reference it
            .execution_options(populate_existing=True)
        )
        if record is None:
            raise KeyError(f"no assessment {assessment.id} in workspace {assessment.team_id}")
        entries = []
        new_status = AssessmentStatus(assessment.status)
        if record.status != new_status.value:
            entries.append(
                HistoryEntry(
                    assessment_id=record.id,
                    subject=HistorySubject.STATUS,
                    actor=actor,
                    at=at,
                    before=status_json(AssessmentStatus(record.status)),
                    after=status_json(new_status),
                )
            )
        if record.lead_id != assessment.lead_id:
            entries.append(
                HistoryEntry(
                    assessment_id=record.id,
                    subject=HistorySubject.ASSIGNMENT,
                    actor=actor,
                    at=at,
                    before=lead_json(record.lead_id),
                    after=lead_json(assessment.lead_id),
                )
            )
        apply_assessment(record, assessment)
        write_history(self._session, record.team_id, entries)
        self._session.flush()

    def set_role_holders(
        self,
        team_id: str,
        assessment_id: int,
        role: str,
        user_ids: Sequence[str],
        actor: str,
        at: datetime,
    ) -> None:
        """Replace the holders of one role, with a history row."""
        require_assessment(self._session, team_id, assessment_id)
        where = (
            RoleAssignmentRecord.team_id == team_id,
            RoleAssignmentRecord.assessment_id == assessment_id,
            RoleAssignmentRecord.role == role,
        )
        before = self._session.scalars(
            select(RoleAssignmentRecord.user_id)
            .where(*where)
            .order_by(RoleAssignmentRecord.position)
            .with_for_update()
        ).all()
        rows = role_rows(team_id, assessment_id, role, user_ids)
        self._session.execute(delete(RoleAssignmentRecord).where(*where))
        if rows:
            self._session.execute(insert(RoleAssignmentRecord), rows)
        entry = HistoryEntry(
            assessment_id=assessment_id,
            subject=HistorySubject.ASSIGNMENT,
            actor=actor,
            at=at,
            before=roles_json(role, before),
            after=roles_json(role, [row["user_id"] for row in rows]),
        )
        write_history(self._session, team_id, [entry])

    def delete(self, team_id: str, assessment_id: int) -> bool:
        """Remove the assessment and everything of it; False when it is not in this workspace."""
        return delete_assessment(self._session, team_id, assessment_id)

    def list(
        self, team_id: str, statuses: Sequence[AssessmentStatus] | None = None
    ) -> builtins.list[Assessment]:
        """Newest first."""
        query = select(AssessmentRecord).where(AssessmentRecord.team_id == team_id)
        if statuses is not None:
            query = query.where(
                AssessmentRecord.status.in_([AssessmentStatus(s).value for s in statuses])
            )
        return self._load(query.order_by(*_NEWEST_FIRST))

    def _load(self, query: Select[AssessmentRecord]) -> builtins.list[Assessment]:
        """Run an assessment query and attach role holders with one more query."""
        fresh = {"populate_existing": True}  # rows may have changed through bulk statements
        records = self._session.scalars(query.execution_options(**fresh)).all()
        if not records:
            return []
        ids = [r.id for r in records]
        held = RoleAssignmentRecord  # plain rows, not objects: thousands of holders in a sweep
        holders = self._session.execute(
            select(held.assessment_id, held.role, held.position, held.user_id).where(
                held.team_id == records[0].team_id,
                among(self._session, held.assessment_id, ids),
            )
        )
        roles = roles_by_assessment(holders)
        return [assessment_from_record(r, roles.get(r.id, {})) for r in records]
