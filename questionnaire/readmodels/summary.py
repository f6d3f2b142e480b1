"""What summaries, digests and reports show about one assessment, gathered purely from views."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from questionnaire.domain import Assessment
from questionnaire.framework import Framework
from questionnaire.scoring_adapter import score_assessment
from questionnaire.usecases.context import AssessmentView
from scoring import Completion, Gap, NodeKind, NodeResult, Reason, ScoreDelta, ScoreResult, compare

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
    children: tuple[NodeRow, ...] = ()

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
    )


def gather(
    view: AssessmentView, previous_view: AssessmentView | None = None, locale: str = "en"
) -> SummaryData:
    """Everything a summary shows, from the assessment's view and its previous one's, if any."""
    framework = view.framework
    plain = score(view)
    goal = goal_level(view.assessment, plain.overall.level, framework.max_level)
    result = score(view, goal)
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
        overall=_overall_row(framework, result, delta, locale),
        domains=_domain_rows(framework, result, delta, locale),
        gaps=gap_rows(view, result.gaps, locale),
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
    locale: str,
    children: tuple[NodeRow, ...] = (),
) -> NodeRow:
    change = delta.node(node.kind, node.id) if delta is not None else None
    return NodeRow(
        kind=node.kind,
        id=node.id,
        name=name,
        level=node.level,
        label=framework.level_label(node.level, locale, long=True),
        short_label=framework.level_label(node.level, locale),
        score=node.score,
        completion=node.completion,
        level_change=change.level_change if change else None,
        score_change=change.score_change if change else None,
        children=children,
    )


def _overall_row(
    framework: Framework, result: ScoreResult, delta: ScoreDelta | None, locale: str
) -> NodeRow:
    return _row(framework, result.overall, framework.title.get(locale), delta, locale)


def _domain_rows(
    framework: Framework, result: ScoreResult, delta: ScoreDelta | None, locale: str
) -> tuple[NodeRow, ...]:
    rows = []
    for domain in framework.domains:
        items = []
        for item in domain.items:
            subs = tuple(
                _row(framework, result.subitem(s.id), s.name.get(locale), delta, locale)
                for s in item.subitems
            )
            node = result.item(item.id)
            items.append(_row(framework, node, item.name.get(locale), delta, locale, subs))
        node = result.domain(domain.id)
        rows.append(_row(framework, node, domain.name.get(locale), delta, locale, tuple(items)))
    return tuple(rows)
