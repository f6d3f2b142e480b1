"""An assessment's report: the data (levels, every requirement, the improvement plan).

Its renderers (`render_json`, `render_csv`, `render_html`) import this module; `formats.py`
chooses among them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.i18n.terms import level_label
from questionnaire.domain import Answer, Evidence
from questionnaire.framework import Located
from questionnaire.readmodels.plan import StepRow
from questionnaire.readmodels.summary import REASON_LABELS, SummaryData, gather
from questionnaire.usecases.context import AssessmentView
from scoring import AnswerValue

NOT_ASSESSED = AnswerValue.NOT_ASSESSED.value
NOT_IN_SCOPE_STATUS = "not in scope"


@dataclass(frozen=True, slots=True)
class RequirementRow:
    """One requirement as the report shows it: where, what, who, the answer and its evidence."""

    domain: str
    item: str
    sub_item: str
    requirement_id: str
    text: str
    level: int
    role: str  # role name
    owner: str  # Slack user id
    answer: str  # an Answer value, `not_assessed` (skipped by adaptive questioning), or ""
    to_confirm: bool  # carried over from the previous assessment and not yet confirmed
    answered_by: str
    answered_at: datetime | None
    evidence: tuple[Evidence, ...]
    comment: str
    status: str  # `satisfied`, `not applicable`, `not in scope` or why not (`not met`, ...)
    not_applicable_when: str = ""  # the framework's guidance on when it does not apply

    @property
    def evidence_urls(self) -> list[str]:
        """The URLs of this requirement's evidence (notes and messages have none)."""
        return [e.url for e in self.evidence if e.url]

    @property
    def evidence_notes(self) -> list[str]:
        """The notes (else titles) people wrote with this requirement's evidence."""
        return [text for e in self.evidence if (text := e.note or e.title)]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows; `names` maps Slack user ids to display names when known."""

    summary: SummaryData
    requirements: tuple[RequirementRow, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    generated_at: datetime | None = None

    def person(self, user_id: str | None) -> str:
        """A display name, else the user id (empty for nobody)."""
        return self.names.get(user_id, user_id) if user_id else ""

    def plan(self) -> list[tuple[str, tuple[StepRow, ...]]]:
        """The improvement plan's steps in order, by the level they lead to (its label)."""
        data = self.summary
        return [
            (level_label(data.framework, level, long=True), steps)
            for level, steps in data.plan.phases()
        ]


def build_report(
    view: AssessmentView,
    previous_view: AssessmentView | None = None,
    *,
    names: Mapping[str, str] | None = None,
    generated_at: datetime | None = None,
    locale: str = "en",
) -> Report:
    """The report of one assessment (compared with its previous one when given)."""
    summary = gather(view, previous_view, locale)
    evidence: dict[str, list[Evidence]] = {}
    for item in view.evidence:
        evidence.setdefault(item.requirement_id, []).append(item)
    routing = view.routing
    rows = []
    left_out = set(summary.result.out_of_scope)
    for located in view.framework.requirements():
        rid = located.requirement.id
        if located.domain.id in left_out:
            rows.append(_not_in_scope(located, locale))
            continue
        state = view.states.get(rid)
        status = summary.result.requirement_status(rid)
        answered = state is not None and state.answer is not None
        rows.append(
            RequirementRow(
                domain=located.domain.name.get(locale),
                item=located.item.name.get(locale),
                sub_item=located.subitem.name.get(locale),
                requirement_id=rid,
                text=located.requirement.text.get(locale),
                level=located.requirement.level,
                role=view.framework.role(located.role).name.get(locale) if located.role else "",
                owner=routing.owner(rid),
                answer=_answer(state.answer if state else None, status.answer),
                to_confirm=bool(state and state.to_confirm),
                answered_by=(state.answered_by or "") if answered and state else "",
                answered_at=state.answered_at if answered and state else None,
                evidence=tuple(evidence.get(rid, ())),
                comment=(state.comment or "") if state else "",
                status=_status(status.satisfied, status.applicable, status.reason),
                not_applicable_when=_not_applicable_when(located, locale),
            )
        )
    return Report(summary, tuple(rows), dict(names or {}), generated_at)


def _not_in_scope(located: Located, locale: str) -> RequirementRow:
    """The row of a requirement in a domain the assessment left out: never asked."""
    return RequirementRow(
        domain=located.domain.name.get(locale),
        item=located.item.name.get(locale),
        sub_item=located.subitem.name.get(locale),
        requirement_id=located.requirement.id,
        text=located.requirement.text.get(locale),
        level=located.requirement.level,
        role="",
        owner="",
        answer="",
        to_confirm=False,
        answered_by="",
        answered_at=None,
        evidence=(),
        comment="",
        status=NOT_IN_SCOPE_STATUS,
    )


def _not_applicable_when(located: Located, locale: str) -> str:
    """The requirement's own not-applicable guidance, else its sub-item's."""
    text = located.requirement.not_applicable_when or located.subitem.not_applicable_when
    return text.get(locale) if text else ""


def _answer(answer: Answer | None, scored: AnswerValue) -> str:
    """The recorded answer's value; `not_assessed` when adaptive questioning skipped it."""
    if scored is AnswerValue.NOT_ASSESSED:
        return NOT_ASSESSED
    return answer.value if answer else ""


def _status(satisfied: bool, applicable: bool, reason: Any) -> str:
    if not applicable:
        return "not applicable"
    return "satisfied" if satisfied else REASON_LABELS[reason]
