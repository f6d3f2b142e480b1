"""Helpers the repositories share: dialect-specific upserts, row counts and history rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, Table, bindparam, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from questionnaire.domain import HistoryEntry

from ..mapping import history_row
from ..records import AssessmentRecord, Base, HistoryRecord
from ._prepared import prepared

Upsert = postgresql.Insert | sqlite.Insert


def dialect_insert(dialect: str) -> Callable[[Any], Upsert]:
    """The `insert` that supports ON CONFLICT on this backend (PostgreSQL or SQLite)."""
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"no upsert for {dialect}")


def json_array_agg(dialect: str, *columns: Any) -> Any:
    """The rows' `columns` as one JSON array of arrays (`mapping.json_rows` reads it back)."""
    if dialect == "postgresql":
        return func.json_agg(func.json_build_array(*columns))
    return func.json_group_array(func.json_array(*columns))


def upsert(session: Session, record: type[Base]) -> Upsert:
    """An INSERT that supports ON CONFLICT on the session's backend (PostgreSQL or SQLite)."""
    return dialect_insert(session.get_bind().dialect.name)(record)


def upsert_from_assessment(
    dialect: str,
    record: type[Base],
    columns: Sequence[str],
    conflict: Sequence[str],
    updates: Sequence[str],
) -> Upsert:
    """INSERT INTO record (team_id, assessment_id, *columns) SELECT the assessment's team and
    id and the parameters v_<column> FROM assessments WHERE team_id = :team AND id = :aid, ON
    CONFLICT (conflict) DO UPDATE the `updates` columns: one statement that writes nothing for
    an assessment of another workspace. Build it once (see `prepared`) and execute it with
    `assessment_parameters`."""
    table = cast(Table, record.__table__)
    source = select(
        AssessmentRecord.team_id,
        AssessmentRecord.id,
        *(bindparam(f"v_{name}", type_=table.c[name].type) for name in columns),
    ).where(AssessmentRecord.team_id == bindparam("team"), AssessmentRecord.id == bindparam("aid"))
    statement = dialect_insert(dialect)(table).from_select(
        ["team_id", "assessment_id", *columns], source
    )
    return statement.on_conflict_do_update(
        index_elements=list(conflict),
        set_={name: statement.excluded[name] for name in updates},
    )


def upsert_for_assessment(
    session: Session,
    record: type[Base],
    team_id: str,
    assessment_id: int,
    values: dict[str, Any],
    conflict: Sequence[str],
    updates: Sequence[str],
) -> None:
    """Run `upsert_from_assessment` (built once per table, columns and backend) with `values`;
    KeyError when the assessment is not in this workspace (nothing was written)."""
    dialect = session.get_bind().dialect.name
    columns, conflict, updates = list(values), tuple(conflict), tuple(updates)
    statement = prepared(
        ("upsert_for_assessment", record.__tablename__, dialect, *columns, conflict, updates),
        lambda: upsert_from_assessment(dialect, record, columns, conflict, updates),
    )
    parameters = assessment_parameters(team_id, assessment_id, values)
    if affected_rows(session, statement, parameters) == 0:
        raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")


def assessment_parameters(
    team_id: str, assessment_id: int, values: dict[str, Any]
) -> dict[str, Any]:
    """The parameters of an `upsert_from_assessment` statement."""
    return {"team": team_id, "aid": assessment_id} | {f"v_{k}": v for k, v in values.items()}


def insert_new(
    session: Session,
    record: type[Base],
    rows: Sequence[dict[str, Any]],
    unique: Sequence[str],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """INSERT `rows` (all with the same columns), skipping those whose `unique` columns are
    taken (ON CONFLICT DO NOTHING), and return `returning` of the rows inserted.

    Thousands of rows cost one small statement with one parameter: the rows as one JSON
    document the database turns into rows (a VALUES list of thousands of rows, or SQLAlchemy's
    batched executemany, costs more to build and bind in Python than the database takes to
    insert them). PostgreSQL reads it as records of the table's type; SQLite reads each row as
    an array of its columns' values, already in the form SQLite stores them."""
    if not rows:
        return []
    table = cast(Table, record.__table__)
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    columns = list(rows[0])
    into, names = quote(table.name), ", ".join(quote(name) for name in columns)
    tail = (
        f"ON CONFLICT ({', '.join(map(quote, unique))}) DO NOTHING "
        f"RETURNING {', '.join(map(quote, returning))}"
    )
    if dialect.name == "postgresql":
        source = f"FROM json_populate_recordset(NULL::{into}, CAST(:rows AS json))"
        sql = f"INSERT INTO {into} ({names}) SELECT {names} {source} {tail}"
        document = json.dumps(list(rows), default=_json_value)
    else:  # WHERE true: SQLite's parser would read ON CONFLICT as a join's ON
        values = ", ".join(f"json_extract(value, '$[{n}]')" for n in range(len(columns)))
        sql = (
            f"INSERT INTO {into} ({names}) SELECT {values} FROM json_each(:rows) WHERE true {tail}"
        )
        stored = [
            _remembered(to) if to else None
            for to in (
                table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
            )
        ]
        document = json.dumps(
            [
                [
                    value if to is None else to(value)
                    for value, to in zip(row.values(), stored, strict=True)
                ]
                for row in rows
            ]
        )
    return [tuple(row) for row in session.execute(text(sql), {"rows": document})]


def _remembered(to: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`to`, converting each distinct value once: a batch's rows share their times (a sweep's
    10,000 claims and messages are made at one moment), and a datetime's conversion to what
    SQLite stores is the costliest part of sending them."""
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return done[value]
        except KeyError:
            done[value] = converted = to(value)
            return converted
        except TypeError:  # unhashable: converted every time
            return to(value)

    return convert


def _json_value(value: object) -> str:
    """A datetime as `insert_new` sends it: ISO 8601 in UTC (never a naive one)."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(UTC).isoformat()
    raise TypeError(f"cannot send {value!r} as JSON (a datetime must be timezone-aware)")


def affected_rows(
    session: Session, statement: Executable, parameters: dict[str, Any] | None = None
) -> int:
    """Execute an INSERT/UPDATE/DELETE and return how many rows it touched (a statement built
    once, with `parameters`, runs on the session's connection: no ORM work)."""
    # Without preserve_rowcount, SQLAlchemy does not promise an INSERT's rowcount (psycopg: -1).
    options = {"preserve_rowcount": True}
    if parameters is None:
        result = session.execute(statement, execution_options=options)
    else:
        result = session.connection().execute(statement, parameters, execution_options=options)
    return cast(CursorResult[Any], result).rowcount


def has_assessment(session: Session, team_id: str, assessment_id: int) -> bool:
    """Whether the assessment exists in this workspace."""
    found = session.scalar(
        select(AssessmentRecord.id).where(
            AssessmentRecord.team_id == team_id, AssessmentRecord.id == assessment_id
        )
    )
    return found is not None


def require_assessment(session: Session, team_id: str, assessment_id: int) -> None:
    """KeyError unless the assessment exists in this workspace."""
    if not has_assessment(session, team_id, assessment_id):
        raise KeyError(f"no assessment {assessment_id} in workspace {team_id}")


def write_history(session: Session, team_id: str, entries: Sequence[HistoryEntry]) -> None:
    """Insert history rows in one statement (flushes pending changes first)."""
    if entries:
        session.flush()
        rows = [history_row(team_id, e) for e in entries]
        session.connection().execute(prepared("history.insert", _history_insert), rows)


def _history_insert() -> Executable:
    return insert(cast(Table, HistoryRecord.__table__))
