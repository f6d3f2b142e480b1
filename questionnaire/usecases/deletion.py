"""Deleting an assessment: what it would destroy, and the deletion with the notes it owes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from questionnaire.domain import Assessment, Position
from questionnaire.outbox import Deleted
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.usecases import follow_up
from questionnaire.usecases.admin import require_lead
from questionnaire.usecases.context import get_assessment


@dataclass(frozen=True, slots=True)
class DeletionImpact:
    """What deleting an assessment destroys, to show before and to report after."""

    assessment: Assessment
    answers: int
    evidence: int
    people: int  # role holders and people questions were handed to
    pages: tuple[Position, ...] = ()  # people's current question pages, to retire in Slack


def deletion_impact(
    uow_factory: UnitOfWorkFactory,
    team_id: str,
    assessment_id: int,
    actor: str,
    admins: Collection[str] = (),
) -> DeletionImpact:
    """Check the actor may delete the assessment and count what would be lost."""
    with uow_factory() as uow:
        return _impact(uow, team_id, assessment_id, actor, admins)


def delete_assessment(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    actor: str,
    admins: Collection[str] = (),
    *,
    once: str | None = None,
) -> DeletionImpact:
    """Delete the assessment with all its answers, history and evidence (lead or admins only),
    and queue what that owes: its channel, the actor and the lead told, people's question
    pages retired. `once` (the modal's view id) makes a double submission a Duplicate."""
    with uow_factory() as uow:
        now = clock.now()
        follow_up.once(uow, team_id, once, now)
        # Held first, like an answer holds it: neither waits for rows the other holds.
        uow.assessments.lock(team_id, assessment_id)
        impact = _impact(uow, team_id, assessment_id, actor, admins)
        uow.assessments.delete(team_id, assessment_id)
        key = f"deleted:{assessment_id}:{follow_up.request_key(once, actor, now)}"
        follow_up.queue(uow, team_id, key, _deleted(impact, actor), now)
        uow.commit()
    return impact


def _deleted(impact: DeletionImpact, actor: str) -> Deleted:
    """What the notes of a deletion name, kept: nothing of the assessment is left to read."""
    a = impact.assessment
    pages = tuple((p.channel_id or p.user_id, p.message_ts or "") for p in impact.pages)
    return Deleted(
        actor, a.name, a.project, a.channel_id, a.lead_id,
        impact.answers, impact.evidence, impact.people, pages,
    )  # fmt: skip


def _impact(
    uow: UnitOfWork, team_id: str, assessment_id: int, actor: str, admins: Collection[str]
) -> DeletionImpact:
    assessment = get_assessment(uow, team_id, assessment_id)
    require_lead(assessment, actor, admins, "delete it")
    states = uow.answers.states(team_id, assessment_id).values()
    people = {u for users in assessment.roles.values() for u in users}
    people |= {s.delegated_to for s in states if s.delegated_to}
    positions = (
        uow.positions.get(team_id, assessment_id, u) for u in people | {assessment.lead_id}
    )
    return DeletionImpact(
        assessment,
        answers=sum(1 for s in states if s.answer is not None),
        evidence=len(uow.evidence.for_assessment(team_id, assessment_id)),
        people=len(people),
        pages=tuple(p for p in positions if p is not None and p.message_ts),
    )
