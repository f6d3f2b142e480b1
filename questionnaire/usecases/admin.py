"""Lead actions: change role holders or reminder settings, close an assessment, reroute an
inactive person's work."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from questionnaire.domain import Assessment, AssessmentStatus, ReminderPolicy
from questionnaire.outbox import (
    FinalSummary,
    Message,
    RoleGiven,
    RolesChanged,
    RoleTaken,
    SettingsSaved,
)
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWork, UnitOfWorkFactory
from questionnaire.routing import Routing
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import (
    get_assessment,
    is_lead_or_admin,
    load_view,
    require_active,
    role_problems,
)
from questionnaire.usecases.errors import Closed, Invalid, NotAllowed


def require_lead(assessment: Assessment, actor: str, admins: Collection[str], what: str) -> None:
    """NotAllowed, saying `what` they may not do, unless the actor is the lead or an admin."""
    if not is_lead_or_admin(assessment, actor, admins):
        raise NotAllowed(
            Phrase(
                N_("Only the lead of “%(name)s” (%(lead)s) or an admin can %(what)s."),
                name=assessment.name,
                lead=f"<@{assessment.lead_id}>",
                what=Phrase(what),
            )
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
    *,
    once: str | None = None,
) -> AssignResult:
    """Replace role holders; unanswered questions follow because routing is derived from roles.
    Queued with the change: the actor told what changed, each new holder what they hold now,
    each holder taken off who is asked instead. `once` (the modal's view id) makes a double
    submission change and tell once (Duplicate)."""
    with uow_factory() as uow:
        now = clock.now()
        follow_up.once(uow, team_id, once, now)
        assessment = get_assessment(uow, team_id, assessment_id)
        require_lead(assessment, actor, admins, N_("change who holds which role"))
        require_active(assessment)
        framework = uow.frameworks.load(assessment.framework_hash)
        problem = role_problems(roles, [role.key for role in framework.roles])
        if problem:
            raise Invalid({"roles": problem})
        changed, added = [], []
        for role, users in roles.items():
            new = list(dict.fromkeys(users))
            old = assessment.holders(role)
            if new != old:
                uow.assessments.set_role_holders(team_id, assessment_id, role, new, actor, now)
                changed.append(role)
                added += [u for u in new if u not in old and u not in added]
        updated = get_assessment(uow, team_id, assessment_id)
        key = f"assign:{follow_up.request_key(once, actor, now)}"

        def tell(to: str, message: Message) -> None:
            follow_up.queue(uow, team_id, f"{key}:{to}", message, now)

        tell("done", RolesChanged(assessment_id, actor, tuple(changed)))
        for user in added:
            given = [
                r
                for r in changed
                if user in updated.holders(r) and user not in assessment.holders(r)
            ]
            tell(f"given:{user}", RoleGiven(assessment_id, actor, user, tuple(given)))
        for user, taken in _taken(assessment, updated, changed, actor).items():
            tell(f"taken:{user}", RoleTaken(assessment_id, actor, user, taken))
        uow.commit()
    return AssignResult(updated, changed, added)


def _taken(
    before: Assessment, after: Assessment, changed: Sequence[str], actor: str
) -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """Who lost which role (but the actor), who is asked its questions now (the lead when no
    holder is left), and whether they were the one asked before."""
    lost: dict[str, list[tuple[str, str, bool]]] = {}
    for role in changed:
        old, new = before.holders(role), after.holders(role)
        asked = new[0] if new else after.lead_id
        for user in old:
            if user not in new and user != actor:
                lost.setdefault(user, []).append((role, asked, user == old[0]))
    return {user: tuple(roles) for user, roles in lost.items()}


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
        require_active(assessment)  # a closed assessment keeps its roles as they were
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
        uow_factory,
        clock,
        team_id,
        assessment_id,
        actor,
        admins,
        N_("close it"),
        close,
        then=announce,
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
                raise Invalid(
                    {
                        "name": Phrase(
                            N_("No assessment called “%(name)s” in this workspace."),
                            name=name.strip(),
                        )
                    }
                )
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
    *,
    adaptive: bool | None = None,
    channel_locale: str | None = None,
    once: str | None = None,
) -> Assessment:
    """Replace the reminder policy (and, unless None, the adaptive questioning setting and the
    channel language) of an
    active assessment (lead or admins only); the actor, and the lead when it was someone else,
    are told the settings now in force. Turning adaptive questioning off brings its skipped
    questions back (a next page to whoever had finished). `once` (the modal's view id) makes a
    double submission save and tell once (Duplicate)."""
    was_adaptive = False

    def replace_policy(assessment: Assessment) -> None:
        nonlocal was_adaptive
        was_adaptive = assessment.adaptive
        assessment.reminder_policy = policy
        if adaptive is not None:
            assessment.adaptive = adaptive
        if channel_locale is not None:
            assessment.channel_locale = channel_locale

    def announce(uow: UnitOfWork, assessment: Assessment) -> None:
        now = clock.now()
        key = f"settings:{follow_up.request_key(once, actor, now)}"
        if was_adaptive and not assessment.adaptive:
            view = load_view(uow, team_id, assessment_id)
            earlier = replace(view.assessment, adaptive=True)
            before = Routing(view.framework, earlier, view.states)
            follow_up.bring_back(uow, before, view.routing, key, now)
        for user in dict.fromkeys([actor, assessment.lead_id]):
            saved = SettingsSaved(assessment_id, actor, user)
            follow_up.queue(uow, team_id, f"{key}:{user}", saved, now)

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
        closed=N_("it sends no more reminders or digests"),
        then=announce,
        once=once,
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
    once: str | None = None,
) -> Assessment:
    """Load an active assessment, check the actor may `what`, apply `change` and save it with
    what `then` queues; `once` is the request's key (Duplicate when it was handled before).

    `closed` says what a closed assessment no longer does, when "answers can no longer change"
    is not the point."""
    with uow_factory() as uow:
        follow_up.once(uow, team_id, once, clock.now())
        # Held: answers in flight commit before the change, or see it and are refused.
        assessment = uow.assessments.lock(team_id, assessment_id) or get_assessment(
            uow, team_id, assessment_id
        )
        require_lead(assessment, actor, admins, what)
        if closed and not assessment.is_active():
            raise Closed(
                Phrase(
                    N_("“%(name)s” is closed: %(why)s."), name=assessment.name, why=Phrase(closed)
                )
            )
        require_active(assessment)
        change(assessment)
        uow.assessments.update(assessment, actor, clock.now())
        if then is not None:  # what the change owes people, in the same transaction
            then(uow, assessment)
        uow.commit()
    return assessment
