"""Records <-> domain objects, and the JSON written into history rows (shared with the fakes)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from questionnaire.domain import (
    Answer,
    Assessment,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    EvidencePolicy,
    HistoryEntry,
    HistorySubject,
    Position,
    ReminderPolicy,
    RequirementState,
    ReviewState,
)

from .records import (
    AssessmentRecord,
    EvidenceRecord,
    HistoryRecord,
    PositionRecord,
    RequirementStateRecord,
)


def utc(value: datetime) -> datetime:
    """`value` in UTC; naive datetimes are refused (the domain only uses aware ones)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC datetime")
    return value.astimezone(UTC)


def name_key(name: str) -> str:
    """The case-insensitive lookup key of an assessment name."""
    return name.strip().casefold()


# --- assessments ------------------------------------------------------------------------------


def apply_assessment(record: AssessmentRecord, assessment: Assessment) -> None:
    """Copy the mutable scalar fields of `assessment` onto `record`."""
    record.name = assessment.name
    record.name_key = name_key(assessment.name)
    record.project = assessment.project
    record.lead_id = assessment.lead_id
    record.channel_id = assessment.channel_id
    record.target_level = assessment.target_level
    record.due_date = assessment.due_date
    record.evidence_policy = EvidencePolicy(assessment.evidence_policy).value
    record.reminder_policy = assessment.reminder_policy.model_dump_json()
    record.adaptive = assessment.adaptive
    record.channel_locale = assessment.channel_locale
    record.out_of_scope = json.dumps(list(assessment.out_of_scope))
    record.status = AssessmentStatus(assessment.status).value
    record.closed_at = utc(assessment.closed_at) if assessment.closed_at else None
    record.previous_id = assessment.previous_id


def assessment_record(assessment: Assessment) -> AssessmentRecord:
    """A new record for `assessment` (its id is assigned by the database)."""
    record = AssessmentRecord(
        team_id=assessment.team_id,
        framework_id=assessment.framework_id,
        framework_version=assessment.framework_version,
        framework_hash=assessment.framework_hash,
        created_at=utc(assessment.created_at),
    )
    apply_assessment(record, assessment)
    return record


def role_rows(
    team_id: str, assessment_id: int, role: str, user_ids: Iterable[str]
) -> list[dict[str, Any]]:
    """Rows for role_assignments, duplicates dropped and order kept."""
    return [
        {
            "team_id": team_id,
            "assessment_id": assessment_id,
            "role": role,
            "user_id": user_id,
            "position": position,
        }
        for position, user_id in enumerate(dict.fromkeys(user_ids))
    ]


def holders_by_role(holders: Iterable[tuple[str, int, str]]) -> dict[str, list[str]]:
    """role -> holders in their stored order, from (role, position, user id) triples."""
    roles: dict[str, list[str]] = {}
    for role, _, user_id in sorted(holders):
        roles.setdefault(role, []).append(user_id)
    return roles


def roles_by_assessment(
    rows: Iterable[tuple[int, str, int, str]],
) -> dict[int, dict[str, list[str]]]:
    """assessment id -> `holders_by_role`, from (assessment id, role, position, user id) rows."""
    holders: dict[int, list[tuple[str, int, str]]] = {}
    for assessment_id, role, position, user_id in rows:
        holders.setdefault(assessment_id, []).append((role, position, user_id))
    return {assessment_id: holders_by_role(held) for assessment_id, held in holders.items()}


def assessment_from_record(record: AssessmentRecord, roles: dict[str, list[str]]) -> Assessment:
    """The domain assessment of `record` with its role holders."""
    return Assessment(
        id=record.id,
        team_id=record.team_id,
        name=record.name,
        project=record.project,
        framework_id=record.framework_id,
        framework_version=record.framework_version,
        framework_hash=record.framework_hash,
        lead_id=record.lead_id,
        channel_id=record.channel_id,
        created_at=record.created_at,
        roles={role: list(users) for role, users in roles.items()},
        target_level=record.target_level,
        due_date=record.due_date,
        evidence_policy=EvidencePolicy(record.evidence_policy),
        reminder_policy=ReminderPolicy.model_validate_json(record.reminder_policy),
        adaptive=record.adaptive,
        channel_locale=record.channel_locale,
        out_of_scope=tuple(json.loads(record.out_of_scope or "[]")),
        status=AssessmentStatus(record.status),
        closed_at=record.closed_at,
        previous_id=record.previous_id,
    )


# --- requirement states -----------------------------------------------------------------------


def is_blank(state: RequirementState | RequirementStateRecord) -> bool:
    """True when a state row holds nothing (a cleared answer and no delegation)."""
    return (
        state.answer is None
        and state.comment is None
        and state.delegated_to is None
        and not state.to_confirm
    )


def json_rows(value: object) -> list[list[Any]]:
    """A JSON array column as Python lists (psycopg parses JSON itself; SQLite gives text; an
    aggregate of no rows is NULL on PostgreSQL)."""
    if value is None:
        return []
    return cast(list[list[Any]], json.loads(value) if isinstance(value, str) else value)


def aggregated_time(text: str) -> datetime:
    """A time as a JSON aggregate sends it (text; naive UTC on SQLite), aware in UTC."""
    parsed = datetime.fromisoformat(text)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def state_from_json(values: Sequence[Any]) -> RequirementState:
    """A state from a JSON array of its columns (in `answers.STATE_FIELDS`' order), as an
    aggregate sends it."""
    requirement_id, answer, comment, answered_by, answered_at, delegated_to, to_confirm = values
    return RequirementState(
        requirement_id=requirement_id,
        answer=Answer(answer) if answer is not None else None,
        comment=comment,
        answered_by=answered_by,
        answered_at=aggregated_time(answered_at) if answered_at is not None else None,
        delegated_to=delegated_to,
        to_confirm=bool(to_confirm),
    )


def state_from_record(record: RequirementStateRecord) -> RequirementState:
    """The domain state of a requirement_states row."""
    return RequirementState(
        requirement_id=record.requirement_id,
        answer=Answer(record.answer) if record.answer is not None else None,
        comment=record.comment,
        answered_by=record.answered_by,
        answered_at=record.answered_at,
        delegated_to=record.delegated_to,
        to_confirm=bool(record.to_confirm),
    )


# --- evidence, history, positions -------------------------------------------------------------


def evidence_record(team_id: str, evidence: Evidence) -> EvidenceRecord:
    """A new evidence row (its id is assigned by the database)."""
    return EvidenceRecord(
        team_id=team_id,
        assessment_id=evidence.assessment_id,
        requirement_id=evidence.requirement_id,
        kind=EvidenceKind(evidence.kind).value,
        added_by=evidence.added_by,
        added_at=utc(evidence.added_at),
        url=evidence.url,
        title=evidence.title,
        note=evidence.note,
        review=ReviewState(evidence.review).value,
        review_reason=evidence.review_reason,
    )


def evidence_from_record(record: EvidenceRecord) -> Evidence:
    """The domain evidence of an evidence row."""
    return Evidence(
        id=record.id,
        assessment_id=record.assessment_id,
        requirement_id=record.requirement_id,
        kind=EvidenceKind(record.kind),
        added_by=record.added_by,
        added_at=record.added_at,
        url=record.url,
        title=record.title,
        note=record.note,
        review=ReviewState(record.review),
        review_reason=record.review_reason,
    )


# An evidence row's columns as `evidence_from_json` reads them from an aggregate.
EVIDENCE_FIELDS = (
    "id",
    "requirement_id",
    "kind",
    "added_by",
    "added_at",
    "url",
    "title",
    "note",
    "review",
    "review_reason",
)


def evidence_from_json(assessment_id: int, values: Sequence[Any]) -> Evidence:
    """Evidence from a JSON array of its columns (in `EVIDENCE_FIELDS`' order), as an aggregate
    sends it."""
    row = dict(zip(EVIDENCE_FIELDS, values, strict=True))
    return Evidence(
        id=row["id"],
        assessment_id=assessment_id,
        requirement_id=row["requirement_id"],
        kind=EvidenceKind(row["kind"]),
        added_by=row["added_by"],
        added_at=aggregated_time(row["added_at"]),
        url=row["url"],
        title=row["title"],
        note=row["note"],
        review=ReviewState(row["review"]),
        review_reason=row["review_reason"],
    )


def history_row(team_id: str, entry: HistoryEntry) -> dict[str, Any]:
    """Column values of one history row."""
    return {
        "team_id": team_id,
        "assessment_id": entry.assessment_id,
        "subject": HistorySubject(entry.subject).value,
        "requirement_id": entry.requirement_id,
        "actor": entry.actor,
        "at": utc(entry.at),
        "before": entry.before,
        "after": entry.after,
    }


def history_from_record(record: HistoryRecord) -> HistoryEntry:
    """The domain entry of a history row."""
    return HistoryEntry(
        assessment_id=record.assessment_id,
        subject=HistorySubject(record.subject),
        actor=record.actor,
        at=record.at,
        requirement_id=record.requirement_id,
        before=record.before,
        after=record.after,
    )


def position_from_record(record: PositionRecord) -> Position:
    """The domain position of a positions row."""
    return Position(
        assessment_id=record.assessment_id,
        user_id=record.user_id,
        item_id=record.item_id,
        page=record.page,
        channel_id=record.channel_id,
        message_ts=record.message_ts,
    )


# --- audit JSON (the same text from the SQL repositories and the in-memory fakes) -------------


def dump(value: dict[str, Any]) -> str:
    """Compact, key-sorted JSON."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def answer_json(state: RequirementState | None, carried_from: int | None = None) -> str | None:
    """What an answer history row records of a state (None when it held no answer)."""
    if state is None or (state.answer is None and state.comment is None and not state.to_confirm):
        return None
    value: dict[str, Any] = {
        "answer": state.answer.value if state.answer is not None else None,
        "comment": state.comment,
        "to_confirm": state.to_confirm,
    }
    if carried_from is not None:
        value["carried_from"] = carried_from
    return dump(value)


def delegation_json(user_id: str | None) -> str:
    """History JSON of a delegation target."""
    return dump({"delegated_to": user_id})


def roles_json(role: str, user_ids: Iterable[str]) -> str:
    """History JSON of one role's holders."""
    return dump({"role": role, "users": list(user_ids)})


def all_roles_json(roles: dict[str, list[str]]) -> str:
    """History JSON of every role's holders (an assessment's creation)."""
    return dump({"roles": {role: list(users) for role, users in roles.items()}})


def status_json(status: AssessmentStatus) -> str:
    """History JSON of an assessment status."""
    return dump({"status": AssessmentStatus(status).value})


def lead_json(lead_id: str) -> str:
    """History JSON of an assessment lead."""
    return dump({"lead": lead_id})


def evidence_json(evidence: Evidence) -> str:
    """History JSON of added evidence."""
    return dump(
        {
            "kind": EvidenceKind(evidence.kind).value,
            "url": evidence.url,
            "title": evidence.title,
            "note": evidence.note,
            "review": ReviewState(evidence.review).value,
        }
    )


def review_json(state: ReviewState, reason: str | None) -> str:
    """History JSON of an evidence review state."""
    return dump({"review": ReviewState(state).value, "reason": reason})
