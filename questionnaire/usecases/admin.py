"""Lead actions: change role holders, close an assessment, reroute an inactive person's work."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from ..domain import Assessment, AssessmentStatus, Position, ReminderPolicy
from ..outbox import FinalSummary
from ..ports import Clock, UnitOfWork, UnitOfWorkFactory
from .context import get_assessment, is_lead_or_admin, require_active
from .errors import Closed, Invalid, NotAllowed


def _require_lead(assessment: Assessment, actor: str, admins: Collection[str], what: str) -> None:
    if not is_lead_or_admin(assessment, actor, admins):
        raise NotAllowed(
            f"Only the lead of “{assessment.name}” (<@{assessment.lead_id}>) or an admin can {what}."
        )


@dataclass(frozen=True, slots=True)
class AssignResult:
    assessment: Assessment
    changed_roles: list[str]
    added_users: list[str]  # people who now hold a role they did not hold before


def assign_roles(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    roles: Mapping[str, Sequence[str]],
    actor: str,
    admins: Collection[str] = (),
) -> AssignResult:
    """Replace role holders; unanswered questions follow because routing is derived from roles."""
    with uow_factory() as uow:
        assessment = get_assessment(uow, team_id, assessment_id)
        _require_lead(assessment, actor, admins, "change who holds which role")
        require_active(assessment)
        framework = uow.frameworks.load(assessment.framework_hash)
        unknown = set(roles) - {role.key for role in framework.roles}
        if unknown:
            raise Invalid({"roles": f"Unknown roles: {', '.join(sorted(unknown))}."})
        changed, added = [], []
        for role, users in roles.items():
            new = list(dict.fromkeys(users))
            old = assessment.holders(role)
            if new != old:
                uow.assessments.set_role_holders(
                    team_id, assessment_id, role, new, actor, clock.now()
                )
                changed.append(role)
                added += [u for u in new if u not in old and u not in added]
        uow.commit()
        updated = get_assessment(uow, team_id, assessment_id)
    return AssignResult(updated, changed, added)


def remove_person(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    user_id: str,
    actor: str,
) -> list[str]:
    """Take a deactivated or unknown person off every role; returns the roles they held."""
    with uow_factory() as uow:
        assessment = get_assessment(uow, team_id, assessment_id)
        held = [role for role, users in assessment.roles.items() if user_id in users]
        for role in held:
            remaining = [u for u in assessment.holders(role) if u != user_id]
            uow.assessments.set_role_holders(
                team_id, assessment_id, role, remaining, actor, clock.now()
            )
        uow.commit()
    return held


def close_assessment(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    actor: str,
    admins: Collection[str] = (),
) -> Assessment:
    """Mark the assessment completed; answers are frozen from then on."""

    def close(assessment: Assessment) -> None:
        assessment.status = AssessmentStatus.COMPLETED
        assessment.closed_at = clock.now()

    def announce(uow: UnitOfWork, assessment: Assessment) -> None:
        assert assessment.id is not None
        final = FinalSummary(assessment.id, actor)
        uow.outbox.add(team_id, f"final:{assessment.id}", final, clock.now())

    return _change_active(
        uow_factory, clock, team_id, assessment_id, actor, admins, "close it", close, then=announce
    )


def find_assessment(
    uow_factory: UnitOfWorkFactory, team_id: str, user_id: str, name: str | None
) -> Assessment | list[Assessment]:
    """The assessment named, or when no name is given the user's only one; else the candidates.

    Returns a list (possibly empty) when the caller must pick."""
    with uow_factory() as uow:
        if name:
            found = uow.assessments.by_name(team_id, name.strip())
            if found is None:
                raise Invalid({"name": f"No assessment called “{name.strip()}” in this workspace."})
            return found
        mine = [a for a in uow.assessments.list_for_user(team_id, user_id) if a.is_active()]
    return mine[0] if len(mine) == 1 else mine


def update_policy(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    policy: ReminderPolicy,
    actor: str,
    admins: Collection[str] = (),
) -> Assessment:
    """Replace the reminder policy of an active assessment (lead or admins only)."""

    def replace_policy(assessment: Assessment) -> None:
        assessment.reminder_policy = policy

    what = "change its reminder settings"
    return _change_active(
        uow_factory,
        clock,
        team_id,
        assessment_id,
        actor,
        admins,
        what,
        replace_policy,
        closed="it sends no more reminders or digests",
    )


def _change_active(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    team_id: str,
    assessment_id: int,
    actor: str,
    admins: Collection[str],
    what: str,
    change: Callable[[Assessment], None],
    closed: str | None = None,
    then: Callable[[UnitOfWork, Assessment], None] | None = None,
) -> Assessment:
    """Load an active assessment, check the actor may `what`, apply `change` and save it.

    `closed` says what a closed assessment no longer does, when "answers can no longer change"
    is not the point."""
    with uow_factory() as uow:
        # Held: answers in flight commit before the change, or see it and are refused.
        assessment = uow.assessments.lock(team_id, assessment_id) or get_assessment(
            uow, team_id, assessment_id
        )
        _require_lead(assessment, actor, admins, what)
        if closed and not assessment.is_active():
            raise Closed(f"“{assessment.name}” is closed: {closed}.")
        require_active(assessment)
        change(assessment)
        uow.assessments.update(assessment, actor, clock.now())
        if then is not None:  # what the change owes people, in the same transaction
            then(uow, assessment)
        uow.commit()
    return assessment


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
    team_id: str,
    assessment_id: int,
    actor: str,
    admins: Collection[str] = (),
) -> DeletionImpact:
    """Delete the assessment with all its answers, history and evidence (lead or admins only)."""
    with uow_factory() as uow:
        # Held first, like an answer holds it: neither waits for rows the other holds.
        uow.assessments.lock(team_id, assessment_id)
        impact = _impact(uow, team_id, assessment_id, actor, admins)
        uow.assessments.delete(team_id, assessment_id)
        uow.commit()
    return impact


def _impact(
    uow: UnitOfWork, team_id: str, assessment_id: int, actor: str, admins: Collection[str]
) -> DeletionImpact:
    assessment = get_assessment(uow, team_id, assessment_id)
    _require_lead(assessment, actor, admins, "delete it")
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
