"""Requirement states (answers, delegations, carried-over answers) and the history trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Executable,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from questionnaire.domain import (
    Answer,
    HistoryEntry,
    HistorySubject,
    RequirementState,
    ReviewState,
)
from questionnaire.ports import Recorded

from ..mapping import (
    EVIDENCE_FIELDS,
    answer_json,
    delegation_json,
    evidence_from_json,
    history_from_record,
    history_row,
    is_blank,
    json_rows,
    state_from_record,
    utc,
)
from ..records import AssessmentRecord, EvidenceRecord, HistoryRecord, RequirementStateRecord
from ._bulk import among, in_chunks
from ._common import (
    assessment_parameters,
    json_array_agg,
    upsert,
    upsert_from_assessment,
    write_history,
)
from ._prepared import prepared

# A person's own progress: an answer, or evidence they added (not a lead's review of it).
_IS_ACTIVITY = or_(
    HistoryRecord.subject == HistorySubject.ANSWER.value,
    and_(HistoryRecord.subject == HistorySubject.EVIDENCE.value, HistoryRecord.before.is_(None)),
)

State = RequirementStateRecord
_STATE_COLUMNS = (
    State.requirement_id,
    State.answer,
    State.comment,
    State.answered_by,
    State.answered_at,
    State.delegated_to,
    State.to_confirm,
)
# The columns of a state, as `mapping.state_from_json` reads them from a JSON array.
STATE_FIELDS = tuple(column.key for column in _STATE_COLUMNS)
HAS_STATE = or_(
    State.answer.is_not(None),
    State.comment.is_not(None),
    State.delegated_to.is_not(None),
    State.to_confirm.is_(True),
)


def _states_statement() -> Executable:
    return select(*_STATE_COLUMNS).where(
        State.team_id == bindparam("team"), State.assessment_id == bindparam("aid"), HAS_STATE
    )


_RECORDED = ("answer", "answered_by", "answered_at", "to_confirm")


def _record(dialect: str, with_evidence: bool = False) -> ReturningInsert[Any]:
    """`record_held`'s upsert of one answer (`upsert_from_assessment`'s parameters, the
    requirement's id and _RECORDED's columns), returning the row, whether the requirement's
    evidence stands and (`with_evidence`) the evidence of the requirements `evidence_ids` as
    one JSON array."""
    statement = upsert_from_assessment(
        dialect,
        State,
        ["requirement_id", *_RECORDED],
        ["assessment_id", "requirement_id"],
        _RECORDED,
    )
    evidence = cast(Table, EvidenceRecord.__table__).c
    stands = (
        select(evidence.id)
        .where(
            evidence.team_id == bindparam("team"),
            evidence.assessment_id == bindparam("aid"),
            evidence.requirement_id == bindparam("v_requirement_id"),
            evidence.review != ReviewState.REJECTED.value,
        )
        .exists()
        .label("evidence_stands")
    )
    table = cast(Table, State.__table__)
    returned = [*(table.c[column.key] for column in _STATE_COLUMNS), stands]
    if with_evidence:
        returned.append(_evidence_of(dialect).label("evidence_json"))
    return statement.returning(*returned)


def _evidence_of(dialect: str) -> Any:
    """The evidence of the requirements `evidence_ids` in the assessment, as one JSON array of
    arrays of `EVIDENCE_FIELDS` (a scalar subquery)."""
    evidence = cast(Table, EvidenceRecord.__table__).c
    return (
        select(json_array_agg(dialect, *(evidence[name] for name in EVIDENCE_FIELDS)))
        .where(
            evidence.team_id == bindparam("team"),
            evidence.assessment_id == bindparam("aid"),
            evidence.requirement_id.in_(bindparam("evidence_ids", expanding=True)),
        )
        .scalar_subquery()
    )


def _record_and_audit(with_evidence: bool = False) -> Executable:
    """`_record` on PostgreSQL with the history row written by the same statement (a
    data-modifying CTE; parameters h_<column> for the history row)."""
    written = _record("postgresql", with_evidence).cte("upserted")
    history = cast(Table, HistoryRecord.__table__)
    names = [
        "team_id",
        "assessment_id",
        "subject",
        "requirement_id",
        "actor",
        "at",
        "before",
        "after",
    ]
    audit = (
        insert(history)
        .from_select(
            names,
            select(
                *(bindparam(f"h_{name}", type_=history.c[name].type) for name in names)
            ).select_from(written),
        )
        .cte("audited")
    )
    return select(written).add_cte(audit)


class SqlAnswerRepository:
    """AnswerRepository on SQL: every write locks only the rows it changes."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def states(self, team_id: str, assessment_id: int) -> dict[str, RequirementState]:
        """Every requirement that has any state (answer, delegation or carried-over answer)."""
        # Plain columns, not entities: this runs for every question asked, on ~240 rows.
        rows = self._session.connection().execute(
            prepared("answers.states", _states_statement), {"team": team_id, "aid": assessment_id}
        )
        return {
            row.requirement_id: RequirementState(
                requirement_id=row.requirement_id,
                answer=Answer(row.answer) if row.answer is not None else None,
                comment=row.comment,
                answered_by=row.answered_by,
                answered_at=row.answered_at,
                delegated_to=row.delegated_to,
                to_confirm=bool(row.to_confirm),
            )
            for row in rows
        }

    def get(self, team_id: str, assessment_id: int, requirement_id: str) -> RequirementState | None:
        """The state of one requirement; None when it has none."""
        record = self._session.scalar(
            select(State)
            .where(
                State.team_id == team_id,
                State.assessment_id == assessment_id,
                State.requirement_id == requirement_id,
            )
            .execution_options(populate_existing=True)
        )
        return None if record is None or is_blank(record) else state_from_record(record)

    def record(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        answer: Answer | None,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        """Set (or with None clear) the answer, keeping its comment; clears to_confirm; one
        history row.

        Four statements whatever the framework size: ensure the row, lock it, update it, audit."""
        record = self._lock(team_id, assessment_id, [requirement_id])[requirement_id]
        before = None if is_blank(record) else state_from_record(record)
        record.answer = Answer(answer).value if answer is not None else None
        record.answered_by = actor if answer is not None else None
        record.answered_at = utc(at) if answer is not None else None
        record.to_confirm = False
        return before, self._audit_answer(team_id, assessment_id, record, before, actor, at)

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
        """`record` for a caller holding the assessment's lock, which read `before` under it
        (every writer of an assessment's states takes that lock first, so nobody changed it
        since). The row is upserted, returning what it holds now, whether the requirement's
        evidence stands and the evidence of `evidence_of` (a page's, say); on PostgreSQL the
        history row is written by the same statement (a data-modifying CTE, one round trip),
        on SQLite by a second one."""
        answered = answer is not None
        values = {
            "answer": Answer(answer).value if answer is not None else None,
            "answered_by": actor if answered else None,
            "answered_at": utc(at) if answered else None,
            "to_confirm": False,
        }
        # What the row holds afterwards follows from `before` (read under the lock).
        expected = RequirementState(
            requirement_id=requirement_id,
            answer=Answer(answer) if answer is not None else None,
            comment=before.comment if before is not None else None,
            to_confirm=False,
        )
        entry = HistoryEntry(
            assessment_id=assessment_id,
            subject=HistorySubject.ANSWER,
            actor=actor,
            at=at,
            requirement_id=requirement_id,
            before=answer_json(before),
            after=answer_json(expected),
        )
        together = self._session.get_bind().dialect.name == "postgresql"
        parameters = assessment_parameters(
            team_id, assessment_id, {"requirement_id": requirement_id, **values}
        )
        with_evidence = bool(evidence_of)
        if with_evidence:
            parameters["evidence_ids"] = list(evidence_of)
        connection = self._session.connection()
        if together:
            history = {f"h_{name}": value for name, value in history_row(team_id, entry).items()}
            statement = prepared(
                ("answers.record_held.pg", with_evidence),
                lambda: _record_and_audit(with_evidence),
            )
            row = connection.execute(statement, parameters | history).one_or_none()
        else:
            statement = prepared(
                ("answers.record_held.sqlite", with_evidence),
                lambda: _record("sqlite", with_evidence),
            )
            row = connection.execute(statement, parameters).one_or_none()
        if row is None:
            raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")
        after = RequirementState(
            requirement_id=row.requirement_id,
            answer=Answer(row.answer) if row.answer is not None else None,
            comment=row.comment,
            answered_by=row.answered_by,
            answered_at=row.answered_at,
            delegated_to=row.delegated_to,
            to_confirm=bool(row.to_confirm),
        )
        if not together:
            write_history(self._session, team_id, [entry])
        found = (
            sorted(
                (
                    evidence_from_json(assessment_id, values)
                    for values in json_rows(row.evidence_json)
                ),
                key=lambda piece: piece.id or 0,
            )
            if with_evidence
            else []
        )
        return Recorded(after, bool(row.evidence_stands), tuple(found))

    def set_comment(
        self,
        team_id: str,
        assessment_id: int,
        requirement_id: str,
        comment: str | None,
        actor: str,
        at: datetime,
    ) -> tuple[RequirementState | None, RequirementState]:
        """Set (or with None clear) the comment, keeping the answer, who gave it and to_confirm.

        Four statements whatever the framework size (two when the comment is already this one):
        ensure the row, lock it, update it, audit."""
        record = self._lock(team_id, assessment_id, [requirement_id])[requirement_id]
        before = None if is_blank(record) else state_from_record(record)
        if record.comment == comment:
            return before, state_from_record(record)
        record.comment = comment
        return before, self._audit_answer(team_id, assessment_id, record, before, actor, at)

    def _audit_answer(
        self,
        team_id: str,
        assessment_id: int,
        record: RequirementStateRecord,
        before: RequirementState | None,
        actor: str,
        at: datetime,
    ) -> RequirementState:
        """The state the record now holds, after writing its answer history row."""
        after = state_from_record(record)
        self._write_answer_history(team_id, assessment_id, before, after, actor, at)
        return after

    def _write_answer_history(
        self,
        team_id: str,
        assessment_id: int,
        before: RequirementState | None,
        after: RequirementState,
        actor: str,
        at: datetime,
    ) -> None:
        entry = HistoryEntry(
            assessment_id=assessment_id,
            subject=HistorySubject.ANSWER,
            actor=actor,
            at=at,
            requirement_id=after.requirement_id,
            before=answer_json(before),
            after=answer_json(after),
        )
        write_history(self._session, team_id, [entry])

    def delegate(
        self,
        team_id: str,
        assessment_id: int,
        requirement_ids: Sequence[str],
        to_user: str | None,
        actor: str,
        at: datetime,
    ) -> None:
        """Hand requirements to a person (None: back to role routing), one history row each."""
        ids = list(dict.fromkeys(requirement_ids))
        if not ids:
            return
        records = self._lock(team_id, assessment_id, ids)
        entries = []
        for requirement_id in ids:
            record = records[requirement_id]
            entries.append(
                HistoryEntry(
                    assessment_id=assessment_id,
                    subject=HistorySubject.DELEGATION,
                    actor=actor,
                    at=at,
                    requirement_id=requirement_id,
                    before=delegation_json(record.delegated_to),
                    after=delegation_json(to_user),
                )
            )
            record.delegated_to = to_user
        write_history(self._session, team_id, entries)

    def carry_over(
        self,
        team_id: str,
        from_assessment_id: int,
        to_assessment_id: int,
        requirement_ids: Sequence[str],
    ) -> int:
        """Copy answers of the previous assessment as to-confirm; returns how many.

        Requirements already answered in the new assessment are left alone. The history rows name
        the new assessment's lead at its creation time (the port passes no actor or time)."""
        found = self._session.execute(
            select(
                AssessmentRecord.id, AssessmentRecord.lead_id, AssessmentRecord.created_at
            ).where(
                AssessmentRecord.team_id == team_id,
                AssessmentRecord.id.in_([from_assessment_id, to_assessment_id]),
            )
        ).all()
        target = next((row for row in found if row.id == to_assessment_id), None)
        if target is None or from_assessment_id not in {row.id for row in found}:
            raise KeyError(f"no assessments {from_assessment_id}, {to_assessment_id} in {team_id}")
        wanted = list(dict.fromkeys(requirement_ids))
        if not wanted:
            return 0
        sources = {
            r.requirement_id: state_from_record(r)
            for r in self._session.scalars(
                select(State)
                .where(
                    State.team_id == team_id,
                    State.assessment_id == from_assessment_id,
                    State.requirement_id.in_(wanted),
                    State.answer.is_not(None),
                )
                .execution_options(populate_existing=True)
            )
        }
        ids = [r for r in wanted if r in sources]
        if not ids:
            return 0
        records = self._lock(team_id, to_assessment_id, ids)
        entries = []
        for requirement_id in ids:
            record, source = records[requirement_id], sources[requirement_id]
            if record.answer is not None:
                continue
            record.answer = source.answer.value if source.answer is not None else None
            record.comment = source.comment
            record.answered_by = source.answered_by
            record.answered_at = source.answered_at
            record.to_confirm = True
            entries.append(
                HistoryEntry(
                    assessment_id=to_assessment_id,
                    subject=HistorySubject.ANSWER,
                    actor=target.lead_id,
                    at=target.created_at,
                    requirement_id=requirement_id,
                    after=answer_json(state_from_record(record), carried_from=from_assessment_id),
                )
            )
        write_history(self._session, team_id, entries)
        return len(entries)

    def history(
        self, team_id: str, assessment_id: int, requirement_id: str | None = None
    ) -> list[HistoryEntry]:
        """Oldest first (in the order the changes were made)."""
        query = select(HistoryRecord).where(
            HistoryRecord.team_id == team_id, HistoryRecord.assessment_id == assessment_id
        )
        if requirement_id is not None:
            query = query.where(HistoryRecord.requirement_id == requirement_id)
        return [
            history_from_record(r) for r in self._session.scalars(query.order_by(HistoryRecord.id))
        ]

    def last_activity(self, team_id: str, assessment_id: int, user_id: str) -> datetime | None:
        """When this user last answered or added evidence in the assessment."""
        return self._session.scalar(
            select(func.max(HistoryRecord.at)).where(
                HistoryRecord.team_id == team_id,
                HistoryRecord.assessment_id == assessment_id,
                HistoryRecord.actor == user_id,
                _IS_ACTIVITY,
            )
        )

    def last_activity_many(
        self, team_id: str, assessment_ids: Sequence[int]
    ) -> dict[tuple[int, str], datetime]:
        """`last_activity` of every user in these assessments: one grouped query per 1,000."""
        found: dict[tuple[int, str], datetime] = {}
        for ids in in_chunks(assessment_ids):
            rows = self._session.execute(
                select(HistoryRecord.assessment_id, HistoryRecord.actor, func.max(HistoryRecord.at))
                .where(
                    HistoryRecord.team_id == team_id,
                    among(self._session, HistoryRecord.assessment_id, ids),
                    _IS_ACTIVITY,
                )
                .group_by(HistoryRecord.assessment_id, HistoryRecord.actor)
            )
            found.update({(aid, actor): at for aid, actor, at in rows})
        return found

    def _lock(
        self, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
    ) -> dict[str, RequirementStateRecord]:
        """Make sure the state rows exist, then lock and return them (KeyError: not our team).

        Two statements however many rows: an INSERT .. SELECT that only finds the assessment in
        this team, whose ON CONFLICT DO NOTHING waits for a concurrent insert of the same row, and
        a SELECT .. FOR UPDATE that waits for concurrent writers (SQLite serialises whole
        transactions instead), so each writer sees the previous one's result as its `before`."""
        ids = sorted(set(requirement_ids))
        literals = [select(literal(r, String(64)).label("requirement_id")) for r in ids]
        wanted = (literals[0] if len(literals) == 1 else union_all(*literals)).subquery("wanted")
        source = (
            select(
                AssessmentRecord.team_id,
                AssessmentRecord.id,
                wanted.c.requirement_id,
                literal(False),
            )
            .select_from(AssessmentRecord)
            .join(wanted, true())
            .where(AssessmentRecord.team_id == team_id, AssessmentRecord.id == assessment_id)
        )
        columns = ["team_id", "assessment_id", "requirement_id", "to_confirm"]
        self._session.execute(
            upsert(self._session, State)
            .from_select(columns, source)
            .on_conflict_do_nothing(index_elements=["assessment_id", "requirement_id"])
        )
        records = self._session.scalars(
            select(State)
            .where(
                State.team_id == team_id,
                State.assessment_id == assessment_id,
                State.requirement_id.in_(ids),
            )
            .order_by(State.requirement_id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        ).all()
        if len(records) != len(ids):
            raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")
        return {r.requirement_id: r for r in records}
