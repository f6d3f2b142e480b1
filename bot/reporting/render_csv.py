"""The CSV report: one row per requirement, safe to open in a spreadsheet, and read back.

CSV neutralises formulas (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
tab or CR (or a `'`, to stay reversible) gets a leading `'`, so a spreadsheet shows it as text
instead of running it; `parse_csv` removes that quote again.
"""

from __future__ import annotations

import csv
import io

from bot.reporting.report import Report

CSV_COLUMNS = (
    "domain",
    "item",
    "sub_item",
    "requirement_id",
    "requirement",
    "level",
    "role",
    "owner",
    "answer",
    "to_confirm",
    "answered_by",
    "answered_at",
    "evidence_count",
    "evidence_urls",
    "evidence_notes",
    "comment",
    "status",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(value: object) -> object:
    """A text cell a spreadsheet won't run as a formula: `'` before a risky first character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """The text `csv_cell` neutralised (its leading `'` removed)."""
    return cell[1:] if cell.startswith("'") else cell


def render_csv(report: Report) -> str:
    """One row per requirement, columns `CSV_COLUMNS`; people by display name when known (else
    their Slack id); evidence URLs and notes one per line; every text cell through `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; quotes cells with a CR too
    writer.writerow(CSV_COLUMNS)
    for row in report.requirements:
        writer.writerow(
            csv_cell(cell)
            for cell in [
                row.domain,
                row.item,
                row.sub_item,
                row.requirement_id,
                row.text,
                row.level,
                row.role,
                report.person(row.owner),
                row.answer,
                "yes" if row.to_confirm else "",
                report.person(row.answered_by),
                row.answered_at.isoformat() if row.answered_at else "",
                len(row.evidence),
                "\n".join(row.evidence_urls),
                "\n".join(row.evidence_notes),
                row.comment,
                row.status,
            ]
        )
    return out.getvalue()


def parse_csv(text: str) -> list[dict[str, str]]:
    """The rows of a CSV report as dicts keyed by column (text as it was before `csv_cell`);
    ValueError on unexpected columns."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ValueError(f"not a Maturity Bot CSV report: columns {reader.fieldnames}")
    return [{key: csv_value(cell) for key, cell in row.items()} for row in reader]
