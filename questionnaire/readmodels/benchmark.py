"""An anonymised benchmark of a portfolio, and where each project stands against one.

The benchmark holds only what the framework defines (its id, version and item ids) and counts of
levels: no project, assessment or person names, no Slack or workspace ids, no free text, no dates.
An organisation can share it; another imports it to see its projects' percentiles per item.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from questionnaire.readmodels.portfolio import Portfolio, ProjectRow

OVERALL = "overall"  # the key of the overall level among the percentiles


class Benchmark(BaseModel):
    """Per capability item, how many projects stand at each level."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["maturity-benchmark"] = "maturity-benchmark"
    format_version: Literal[1] = 1
    framework_id: str = Field(max_length=100)
    framework_version: str = Field(max_length=40)
    projects: int = Field(ge=0)
    overall: dict[int, int]  # level -> projects
    items: dict[str, dict[int, int]]  # item id -> level -> projects


def anonymise(portfolio: Portfolio) -> Benchmark:
    """The portfolio as level counts only (every project's latest assessment, once)."""
    rows = portfolio.projects
    return Benchmark(
        framework_id=portfolio.framework.id,
        framework_version=portfolio.framework.version,
        projects=len(rows),
        overall=_counts(row.overall_level for row in rows),
        items={
            column.id: _counts(row.items[column.id] for row in rows if column.id in row.items)
            for column in portfolio.columns
        },
    )


def percentile(counts: dict[int, int], level: int) -> int | None:
    """The share of benchmark projects below `level`, counting ties as half (0-100); None
    when the benchmark has no project for it."""
    total = sum(counts.values())
    if not total:
        return None
    below = sum(n for lvl, n in counts.items() if lvl < level)
    return round(100 * (below + counts.get(level, 0) / 2) / total)


def percentiles(row: ProjectRow, benchmark: Benchmark) -> dict[str, int | None]:
    """A project's percentile per item (and under `overall`) against the benchmark."""
    found: dict[str, int | None] = {OVERALL: percentile(benchmark.overall, row.overall_level)}
    for item_id, level in row.items.items():
        found[item_id] = percentile(benchmark.items.get(item_id, {}), level)
    return found


def _counts(levels: Iterable[int]) -> dict[int, int]:
    return dict(sorted(Counter(levels).items()))
