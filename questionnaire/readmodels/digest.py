"""The weekly digest's data: what changed in one assessment between two moments (the previous
digest and now), judged against its answers replayed as of the earlier one, and who owes what."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from questionnaire.domain import Answer, HistoryEntry, HistorySubject, RequirementState
from questionnaire.readmodels.progress import people
from questionnaire.readmodels.summary import SummaryData, gather, score
from questionnaire.usecases.context import AssessmentView
from scoring import NodeKind, ScoreDelta, compare


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A node (overall, domain or item) whose level moved between two results."""

    kind: NodeKind
    name: str
    before: int
    after: int

    @property
    def arrow(self) -> str:
        """`▲` up, `▼` down."""
        return "▲" if self.after > self.before else "▼"


@dataclass(frozen=True, slots=True)
class Owing:
    """One person's open work now, and whether they did anything in the digest's period."""

    user_id: str
    open_questions: int
    evidence_owed: int
    active: bool  # answered or added evidence since the previous digest


@dataclass(frozen=True, slots=True)
class DigestData:
    """What changed in one assessment from `since` (the previous digest, or its start) to `until`."""

    summary: SummaryData  # the assessment now
    since: datetime
    until: datetime
    first: bool  # `since` is the assessment's start: no digest was posted before
    tz: tzinfo  # the digest's local time zone (the lead's), for dates shown to people
    delta: ScoreDelta  # from the result as of `since` to now, gaps toward the same goal
    newly_answered: dict[str, int]  # person -> requirements they answered in the period
    changed_answers: int  # answered before and now, with a different answer
    evidence_added: int
    level_changes: tuple[LevelChange, ...]
    owing: tuple[Owing, ...]  # everyone with open questions or evidence owed, most open first

    @property
    def quiet(self) -> bool:
        """Nothing was answered, changed or added in the period."""
        return not (self.newly_answered or self.changed_answers or self.evidence_added)

    @property
    def days_left(self) -> int | None:
        """Days from today (in the digest's zone) to the due date; negative when overdue."""
        due = self.summary.assessment.due_date
        return None if due is None else (due - self.until.astimezone(self.tz).date()).days


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
    view: AssessmentView,
    history: Sequence[HistoryEntry],
    since: datetime,
    locale: str = "en",
    *,
    until: datetime,
    first: bool = False,
    tz: tzinfo = UTC,
) -> DigestData:
    """What changed from `since` to `until`, comparing the view with its answers replayed as of
    `since`. Work recorded after `until` is left for the next digest, whose `since` is this
    one's `until`."""
    summary = gather(view, locale=locale)
    then = view_as_of(view, history, since)
    delta = compare(score(then, summary.goal), summary.result)
    newly: dict[str, int] = {}
    changed = 0
    for requirement_id, state in view.states.items():
        if state.answer is None or state.to_confirm or not _within(state.answered_at, until):
            continue
        before = then.states.get(requirement_id)
        if before is None or before.answer is None or before.to_confirm:
            person = state.answered_by or ""
            newly[person] = newly.get(person, 0) + 1
        elif before.answer is not state.answer:
            changed += 1
    added = [e for e in view.evidence if since < e.added_at <= until]
    active = set(newly) | {e.added_by for e in added} | _changed_by(history, since, until)
    return DigestData(
        summary=summary,
        since=since,
        until=until,
        first=first,
        tz=tz,
        delta=delta,
        newly_answered=dict(sorted(newly.items(), key=lambda kv: -kv[1])),
        changed_answers=changed,
        evidence_added=len(added),
        level_changes=_level_changes(summary, delta),
        owing=_owing(view, active),
    )


def _within(moment: datetime | None, until: datetime) -> bool:
    return moment is None or moment <= until


def _changed_by(history: Iterable[HistoryEntry], since: datetime, until: datetime) -> set[str]:
    """Who recorded an answer in the period (changed or cleared ones too)."""
    return {
        e.actor for e in history if e.subject is HistorySubject.ANSWER and since < e.at <= until
    }


def _owing(view: AssessmentView, active: set[str]) -> tuple[Owing, ...]:
    rows = [
        Owing(p.user_id, p.questions - p.answered, p.evidence_owed, p.user_id in active)
        for p in people(view)
        if p.questions > p.answered or p.evidence_owed
    ]
    return tuple(sorted(rows, key=lambda o: (-o.open_questions, -o.evidence_owed, o.user_id)))


def _level_changes(summary: SummaryData, delta: ScoreDelta) -> tuple[LevelChange, ...]:
    """Level moves of the overall model, then domains, then items, in framework order."""
    rows = [summary.overall, *summary.domains, *summary.items]
    names = {(row.kind, row.id): row.name for row in rows}
    names[(summary.overall.kind, summary.overall.id)] = "Overall"
    moved = {
        (d.kind, d.id): d
        for d in delta.nodes
        if d.level_before is not None
        and d.level_after is not None
        and d.level_before != d.level_after
    }
    return tuple(
        LevelChange(kind, names[(kind, node_id)], d.level_before, d.level_after)
        for (kind, node_id) in names
        if (d := moved.get((kind, node_id))) is not None
        and d.level_before is not None
        and d.level_after is not None
    )
