"""Every project's latest assessment of one framework side by side, for a workspace.

A project is `Assessment.project`, compared case-insensitively. Its latest assessment is the
newest one, closed or still active: an active one is shown as provisional (its levels can still
change). Its change is measured against the project's assessment before that one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from questionnaire.domain import Assessment, AssessmentStatus
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWork, UnitOfWorkFactory
from questionnaire.readmodels.summary import score
from questionnaire.usecases.context import load_view
from scoring import ScoreResult


@dataclass(frozen=True, slots=True)
class ItemColumn:
    """One capability item of the framework: a column of the portfolio."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One project's latest assessment: its levels and their change since the one before."""

    project: str
    assessment: str
    assessment_id: int
    status: AssessmentStatus
    date: datetime  # closed, else started
    overall_level: int
    target_level: int | None
    overall_change: int | None  # None without a previous assessment
    items: dict[str, int]  # item id -> level, for the items in scope
    item_changes: dict[str, int]  # item id -> level change, for items in both assessments
    not_in_scope: frozenset[str] = frozenset()  # item ids of the modules the assessment left out

    @property
    def provisional(self) -> bool:
        """Still active: its levels can change."""
        return self.status is AssessmentStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class Portfolio:
    """A workspace's projects against one framework (the newest assessment's version of it)."""

    framework: Framework
    locale: str
    columns: tuple[ItemColumn, ...]
    projects: tuple[ProjectRow, ...]  # by project name

    @property
    def title(self) -> str:
        """The framework's title in the portfolio's locale."""
        return self.framework.title.get(self.locale)


def frameworks_in_use(uow: UnitOfWork, team_id: str) -> list[str]:
    """Framework ids assessed in the workspace, the most assessed first."""
    counts = Counter(a.framework_id for a in uow.assessments.list(team_id))
    return [framework_id for framework_id, _ in counts.most_common()]


def by_project(assessments: list[Assessment]) -> list[list[Assessment]]:
    """Assessments grouped by project (case-insensitive), each group newest first."""
    groups: dict[str, list[Assessment]] = {}
    for a in sorted(assessments, key=lambda a: (a.created_at, a.id or 0), reverse=True):
        groups.setdefault(a.project.strip().casefold(), []).append(a)
    return [groups[key] for key in sorted(groups)]


def gather_portfolio(
    uow: UnitOfWork, team_id: str, framework_id: str, locale: str = "en"
) -> Portfolio | None:
    """The workspace's portfolio for one framework; None when no assessment uses it."""
    chosen = [a for a in uow.assessments.list(team_id) if a.framework_id == framework_id]
    if not chosen:
        return None
    rows = []
    newest_framework: tuple[datetime, Framework] | None = None
    for group in by_project(chosen):
        latest = _scored(uow, team_id, group[0])
        previous = _scored(uow, team_id, group[1]) if len(group) > 1 else None
        rows.append(_row(group[0], latest[1], previous[1] if previous else None))
        if newest_framework is None or group[0].created_at > newest_framework[0]:
            newest_framework = (group[0].created_at, latest[0])
    assert newest_framework is not None
    framework = newest_framework[1]
    columns = tuple(ItemColumn(item.id, item.name.get(locale)) for _, item in framework.items())
    return Portfolio(framework, locale, columns, tuple(rows))


def _scored(uow: UnitOfWork, team_id: str, a: Assessment) -> tuple[Framework, ScoreResult]:
    assert a.id is not None
    view = load_view(uow, team_id, a.id)
    return view.framework, score(view)


def _row(a: Assessment, result: ScoreResult, previous: ScoreResult | None) -> ProjectRow:
    assert a.id is not None
    items = {node.id: node.level for node in result.items if node.in_scope}
    before = {node.id: node.level for node in previous.items if node.in_scope} if previous else {}
    return ProjectRow(
        project=a.project,
        assessment=a.name,
        assessment_id=a.id,
        status=a.status,
        date=a.closed_at or a.created_at,
        overall_level=result.overall.level,
        target_level=a.target_level,
        overall_change=result.overall.level - previous.overall.level if previous else None,
        items=items,
        item_changes={i: level - before[i] for i, level in items.items() if i in before},
        not_in_scope=frozenset(node.id for node in result.items if not node.in_scope),
    )


def read_portfolio(
    uow_factory: UnitOfWorkFactory, team_id: str, framework_id: str | None, locale: str = "en"
) -> tuple[Portfolio | None, list[str]]:
    """The portfolio of `framework_id` (case-insensitive; default: the most assessed framework)
    and every framework id in use; None when nothing uses that framework."""
    with uow_factory() as uow:
        used = frameworks_in_use(uow, team_id)
        wanted = (framework_id or (used[0] if used else "")).casefold()
        chosen = next((f for f in used if f.casefold() == wanted), None)
        found = gather_portfolio(uow, team_id, chosen, locale) if chosen else None
    return found, used
