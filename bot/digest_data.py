"""The weekly digest's data: an assessment now against its answers replayed as of a moment."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from questionnaire.domain import Answer, HistoryEntry, HistorySubject, RequirementState
from questionnaire.usecases.context import AssessmentView
from scoring import NodeKind, ScoreDelta, compare

from .summary_data import SummaryData, gather, score


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A node whose level moved between two results."""

    kind: NodeKind
    name: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class DigestData:
    """What changed in one assessment since a moment (the previous weekly digest)."""

    summary: SummaryData  # the assessment now
    since: datetime
    delta: ScoreDelta  # from the result as of `since` to now, gaps toward the same goal
    newly_answered: dict[str, int]  # person -> requirements they answered since then
    changed_answers: int  # answered before and now, with a different answer
    evidence_added: int
    level_changes: tuple[LevelChange, ...]

    @property
    def quiet(self) -> bool:
        """Nothing happened since `since`."""
        return not (self.newly_answered or self.changed_answers or self.evidence_added)


def view_as_of(
    view: AssessmentView, history: Iterable[HistoryEntry], moment: datetime
) -> AssessmentView:
    """The view as it stood at `moment`: answers replayed from the answer history, evidence by
    the time it was added (with today's review state: reviews are not replayed)."""
    states: dict[str, RequirementState] = {}
    for entry in history:
        if entry.subject is not HistorySubject.ANSWER or entry.at > moment:
            continue
        requirement_id = entry.requirement_id
        after = json.loads(entry.after) if entry.after else {}
        if requirement_id is None or not after.get("answer"):
            states.pop(requirement_id or "", None)
            continue
        states[requirement_id] = RequirementState(
            requirement_id=requirement_id,
            answer=Answer(after["answer"]),
            comment=after.get("comment"),
            answered_by=entry.actor,
            answered_at=entry.at,
            to_confirm=bool(after.get("to_confirm")),
        )
    evidence = [e for e in view.evidence if e.added_at <= moment]
    return replace(view, states=states, evidence=evidence)


def gather_digest(
    view: AssessmentView, history: Sequence[HistoryEntry], since: datetime, locale: str = "en"
) -> DigestData:
    """What changed since `since`, comparing now with the answers replayed as of then."""
    summary = gather(view, locale=locale)
    then = view_as_of(view, history, since)
    delta = compare(score(then, summary.goal), summary.result)
    newly: dict[str, int] = {}
    changed = 0
    for requirement_id, state in view.states.items():
        if state.answer is None or state.to_confirm:
            continue
        before = then.states.get(requirement_id)
        if before is None or before.answer is None or before.to_confirm:
            person = state.answered_by or ""
            newly[person] = newly.get(person, 0) + 1
        elif before.answer is not state.answer:
            changed += 1
    return DigestData(
        summary=summary,
        since=since,
        delta=delta,
        newly_answered=dict(sorted(newly.items(), key=lambda kv: -kv[1])),
        changed_answers=changed,
        evidence_added=sum(1 for e in view.evidence if e.added_at > since),
        level_changes=_level_changes(summary, delta),
    )


def _level_changes(summary: SummaryData, delta: ScoreDelta) -> tuple[LevelChange, ...]:
    names = {(row.kind, row.id): row.name for row in (summary.overall, *summary.domains)}
    names.update(((row.kind, row.id), row.name) for row in summary.items)
    return tuple(
        LevelChange(d.kind, names[(d.kind, d.id)], d.level_before, d.level_after)
        for d in delta.nodes
        if (d.kind, d.id) in names
        and d.level_before is not None
        and d.level_after is not None
        and d.level_before != d.level_after
    )
