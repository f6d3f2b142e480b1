"""What summaries, digests and reports show about one assessment, gathered purely from views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from questionnaire.readmodels.plan import Path, PlanView, plan_view
from questionnaire.scoring_adapter import score_assessment
from questionnaire.usecases.context import AssessmentView
from scoring import (
    Completion,
    Gap,
    NodeKind,
    NodeResult,
    Progress,
    Reason,
    ScoreDelta,
    ScoreResult,
    compare,
    improvement_plan,
    progress_toward,
)

OVERALL_NAME = "overall"  # how plan steps name the overall model ("overall rises to L2")
NOT_IN_SCOPE = "Not in scope"  # the label of a domain (and its items) the assessment left out

# In this order wherever gaps are counted by reason: the worst first, open questions last.
REASON_LABELS = {
    Reason.NOT_MET: "not met",
    Reason.PARTIALLY_MET: "partially met",
    Reason.EVIDENCE_MISSING: "evidence missing",
    Reason.EVIDENCE_REJECTED: "evidence rejected",
    Reason.NOT_ASSESSED: "not assessed",
    Reason.UNANSWERED: "unanswered",
}
OPEN_REASONS = (Reason.NOT_ASSESSED, Reason.UNANSWERED)  # gaps no answer of their own explains


def reason_counts(gaps: Iterable[GapRow]) -> list[str]:
    """`4 not met, 1 partially met, 5 evidence missing, 3 not assessed, 2 unanswered`: always
    in that order."""
    counts = Counter(gap.reason for gap in gaps)
    return [f"{counts[r]} {label}" for r, label in REASON_LABELS.items() if counts[r]]


def trend(change: float | None, places: int = 2) -> str:
    """`▲0.25`, `▼1` or `` (no change, or nothing to compare with)."""
    if change is None or round(change, places) == 0:
        return ""
    arrow = "▲" if change > 0 else "▼"
    return f"{arrow}{abs(change):.{places}f}" if places else f"{arrow}{abs(round(change))}"


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One domain, item or sub-item (or the overall model) with its name and change."""

    kind: NodeKind
    id: str
    name: str
    level: int
    label: str  # `Level 2 · Professional`: for headlines
    short_label: str  # `L2 · Professional`: for compact rows
    score: float
    completion: Completion
    level_change: int | None  # None without a previous result, or when the node is new
    score_change: float | None
    progress: Progress  # satisfied of the applicable requirements up to the summary's goal
    children: tuple[NodeRow, ...] = ()
    in_scope: bool = True  # False: left out of the assessment; `label` says "Not in scope"

    @property
    def level_trend(self) -> str:
        """`▲1`, `▼2` or ``."""
        return trend(self.level_change, 0)

    @property
    def score_trend(self) -> str:
        """`▲0.40`, `▼0.25` or ``."""
        return trend(self.score_change)


@dataclass(frozen=True, slots=True)
class GapRow:
    """A gap with what a reader needs: where it sits, what it asks, why and who owns it."""

    requirement_id: str
    text: str
    level: int
    role: str
    role_name: str
    owner: str  # Slack user id the requirement is routed to
    reason: Reason
    item_id: str
    domain_name: str
    item_name: str
    subitem_name: str

    @property
    def reason_label(self) -> str:
        """`not met`, `evidence missing`, ..."""
        return REASON_LABELS[self.reason]


@dataclass(frozen=True, slots=True)
class SummaryData:
    """One assessment's levels, completion, gaps toward a goal and change against its previous."""

    assessment: Assessment
    framework: Framework
    locale: str
    result: ScoreResult
    goal: int  # the level gaps are counted toward (see `goal_level`)
    overall: NodeRow
    domains: tuple[NodeRow, ...]  # children: items, whose children are sub-items
    gaps: tuple[GapRow, ...]  # known gaps first, then not assessed, then unanswered; by level
    plan: PlanView  # the ordered steps toward the goal
    previous: Assessment | None = None
    previous_result: ScoreResult | None = None
    delta: ScoreDelta | None = None

    @property
    def items(self) -> tuple[NodeRow, ...]:
        """Every item row in framework order."""
        return tuple(item for domain in self.domains for item in domain.children)

    @property
    def completion(self) -> Completion:
        """Answer and evidence counts over the whole assessment."""
        return self.result.overall.completion

    @property
    def known_gaps(self) -> tuple[GapRow, ...]:
        """Gaps from answers (not met, partial, evidence), not from questions not (yet) asked."""
        return tuple(g for g in self.gaps if g.reason not in OPEN_REASONS)

    def next_path(self) -> Path:
        """The plan's steps that lift the overall level by one (toward the goal)."""
        level = min(self.overall.level + 1, self.goal)
        return self.plan.path(NodeKind.OVERALL, self.overall.id, level, self.label(level))

    def item_path(self, item: NodeRow) -> Path:
        """The plan's steps that lift one item to its next level (at most the goal)."""
        level = min(item.level + 1, self.goal)
        return self.plan.path(NodeKind.ITEM, item.id, level, self.label(level))

    def label(self, level: int) -> str:
        """`Level 2 · Professional` in this summary's locale."""
        return self.framework.level_label(level, self.locale, long=True)

    def item_gaps(self, item_id: str) -> tuple[GapRow, ...]:
        """The gaps of one capability item."""
        return tuple(g for g in self.gaps if g.item_id == item_id)

    def gaps_by_owner(self) -> dict[str, tuple[GapRow, ...]]:
        """Gaps per owner, owners in order of their first (most urgent) gap."""
        groups: dict[str, list[GapRow]] = {}
        for gap in self.gaps:
            groups.setdefault(gap.owner, []).append(gap)
        return {owner: tuple(rows) for owner, rows in groups.items()}


def goal_level(assessment: Assessment, overall_level: int, max_level: int) -> int:
    """The assessment's target while it is above the overall level, else the next level."""
    target = assessment.target_level
    if target is not None and overall_level < target <= max_level:
        return target
    return min(overall_level + 1, max_level)


def score(view: AssessmentView, target_level: int | None = None) -> ScoreResult:
    """Score a view (its own evidence policy) with gaps counted toward `target_level`."""
    return score_assessment(
        view.framework,
        view.states,
        view.evidence,
        view.assessment.evidence_policy,
        target_level,
        adaptive=view.assessment.adaptive,
        out_of_scope=view.assessment.out_of_scope,
    )


def gather(
    view: AssessmentView, previous_view: AssessmentView | None = None, locale: str = "en"
) -> SummaryData:
    """Everything a summary shows, from the assessment's view and its previous one's, if any."""
    framework = view.framework
    plain = score(view)
    goal = goal_level(view.assessment, plain.overall.level, framework.max_level)
    result = score(view, goal)
    progress = progress_toward(result, goal)
    previous_result = delta = None
    if previous_view is not None:
        previous_goal = min(goal, previous_view.framework.max_level)
        previous_result = score(previous_view, previous_goal)
        delta = compare(previous_result, result)
    return SummaryData(
        assessment=view.assessment,
        framework=framework,
        locale=locale,
        result=result,
        goal=goal,
        overall=_row(
            framework, result.overall, framework.title.get(locale), delta, progress, locale
        ),
        domains=_domain_rows(framework, result, delta, progress, locale),
        gaps=gap_rows(view, result.gaps, locale),
        plan=plan_view(
            framework,
            view.routing,
            improvement_plan(result, goal),
            _names(framework, result, locale),
            locale,
        ),
        previous=previous_view.assessment if previous_view else None,
        previous_result=previous_result,
        delta=delta,
    )


def gap_rows(view: AssessmentView, gaps: tuple[Gap, ...], locale: str = "en") -> tuple[GapRow, ...]:
    """Gaps with names and owners: known gaps first, then not-assessed and unanswered ones, each
    by level."""
    routing = view.routing
    rows = []
    rank = {reason: n for n, reason in enumerate(OPEN_REASONS, start=1)}
    for gap in sorted(gaps, key=lambda g: rank.get(g.reason, 0)):
        located = view.framework.locate(gap.requirement_id)
        role = view.framework.role(gap.role).name.get(locale) if gap.role else ""
        rows.append(
            GapRow(
                requirement_id=gap.requirement_id,
                text=located.requirement.text.get(locale),
                level=gap.level,
                role=gap.role,
                role_name=role,
                owner=routing.owner(gap.requirement_id),
                reason=gap.reason,
                item_id=gap.item_id,
                domain_name=located.domain.name.get(locale),
                item_name=located.item.name.get(locale),
                subitem_name=located.subitem.name.get(locale),
            )
        )
    return tuple(rows)


def _row(
    framework: Framework,
    node: NodeResult,
    name: str,
    delta: ScoreDelta | None,
    progress: dict[tuple[NodeKind, str], Progress],
    locale: str,
    children: tuple[NodeRow, ...] = (),
) -> NodeRow:
    change = delta.node(node.kind, node.id) if delta is not None and node.in_scope else None
    return NodeRow(
        kind=node.kind,
        id=node.id,
        name=name,
        level=node.level,
        label=framework.level_label(node.level, locale, long=True)
        if node.in_scope
        else NOT_IN_SCOPE,
        short_label=framework.level_label(node.level, locale) if node.in_scope else NOT_IN_SCOPE,
        score=node.score,
        completion=node.completion,
        level_change=change.level_change if change else None,
        score_change=change.score_change if change else None,
        progress=progress[(node.kind, node.id)],
        children=children,
        in_scope=node.in_scope,
    )


def _domain_rows(
    framework: Framework,
    result: ScoreResult,
    delta: ScoreDelta | None,
    progress: dict[tuple[NodeKind, str], Progress],
    locale: str,
) -> tuple[NodeRow, ...]:
    rows = []
    for domain in framework.domains:
        items = []
        for item in domain.items:
            subs = tuple(
                _row(framework, result.subitem(s.id), s.name.get(locale), delta, progress, locale)
                for s in item.subitems
            )
            node = result.item(item.id)
            name = item.name.get(locale)
            items.append(_row(framework, node, name, delta, progress, locale, subs))
        node = result.domain(domain.id)
        name = domain.name.get(locale)
        rows.append(_row(framework, node, name, delta, progress, locale, tuple(items)))
    return tuple(rows)


def _names(
    framework: Framework, result: ScoreResult, locale: str
) -> dict[tuple[NodeKind, str], str]:
    """Every node's name, for what a plan step unlocks."""
    names = {(NodeKind.OVERALL, result.overall.id): OVERALL_NAME}
    for domain in framework.domains:
        names[(NodeKind.DOMAIN, domain.id)] = domain.name.get(locale)
        for item in domain.items:
            names[(NodeKind.ITEM, item.id)] = item.name.get(locale)
            for sub in item.subitems:
                names[(NodeKind.SUBITEM, sub.id)] = sub.name.get(locale)
    return names
