"""Starting an assessment: validate the request, freeze the framework, store, summarise routing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from questionnaire.domain import Assessment, Evidence, EvidencePolicy, ReminderPolicy
from questionnaire.estimates import seconds_left
from questionnaire.framework import Framework
from questionnaire.outbox import Kickoff
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.routing import Routing
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import role_problems
from questionnaire.usecases.errors import Invalid

NAME_MAX = 80
PROJECT_MAX = 120


@dataclass(frozen=True, slots=True)
class StartRequest:
    team_id: str
    lead_id: str
    name: str
    project: str
    framework: Framework
    channel_id: str
    roles: dict[str, list[str]]
    target_level: int | None = None
    due_date: date | None = None
    evidence_policy: EvidencePolicy = EvidencePolicy.STRICT
    reminder_policy: ReminderPolicy = field(default_factory=ReminderPolicy)
    previous_id: int | None = None
    adaptive: bool = True  # skip questions above a level already blocked (see adaptive.py)
    channel_locale: str | None = None  # the language of its channel posts; None: the default
    out_of_scope: tuple[str, ...] = ()  # domain ids left out (frameworks with `scope` only)


@dataclass(frozen=True, slots=True)
class OwnerShare:
    """What one person is asked: how many questions, in which items, and about how long."""

    user_id: str
    questions: int
    item_ids: tuple[str, ...]
    roles: tuple[str, ...]
    seconds: int  # the estimate of what is left for them (see questionnaire/estimates.py)


@dataclass(frozen=True, slots=True)
class StartResult:
    assessment: Assessment
    shares: list[OwnerShare]
    fallback_roles: list[str]  # roles nobody holds: their questions went to the lead
    carried_over: int


def validate(request: StartRequest, today: date) -> dict[str, str]:
    """Field name -> message for everything wrong with the request."""
    errors: dict[str, str] = {}
    name = request.name.strip()
    if not name:
        errors["name"] = Phrase(N_("Give the assessment a name."))
    elif len(name) > NAME_MAX:
        errors["name"] = Phrase(N_("Keep the name under %(max)d characters."), max=NAME_MAX)
    if not request.project.strip():
        errors["project"] = Phrase(N_("Name the project being assessed."))
    elif len(request.project) > PROJECT_MAX:
        errors["project"] = Phrase(
            N_("Keep the project under %(max)d characters."), max=PROJECT_MAX
        )
    if request.target_level is not None and not (
        1 <= request.target_level <= request.framework.max_level
    ):
        errors["target_level"] = Phrase(
            N_("Pick a target level from 1 to %(max)d."), max=request.framework.max_level
        )
    if request.due_date is not None and request.due_date < today:
        errors["due_date"] = Phrase(N_("The due date is in the past."))
    scope = scope_problem(request.framework, request.out_of_scope)
    if scope:
        errors["scope"] = scope
    problem = role_problems(request.roles, [role.key for role in request.framework.roles])
    if problem:
        errors["roles"] = problem
    return errors


def scope_problem(framework: Framework, out_of_scope: Sequence[str]) -> Phrase | None:
    """What is wrong with leaving these domains out, if anything."""
    if not out_of_scope:
        return None
    if framework.scope is None:
        return Phrase(
            N_("This framework is always assessed whole: it has no modules to leave out.")
        )
    known = framework.domain_ids()
    if not set(out_of_scope) <= set(known):
        return Phrase(N_("Pick modules from the list."))
    if set(known) <= set(out_of_scope):
        return Phrase(N_("Keep at least one module in scope."))
    return None


def owner_shares(routing: Routing, evidence: Sequence[Evidence] = ()) -> list[OwnerShare]:
    """Per owner: question count, items, the roles that route to them and the time left."""
    shares = []
    for user_id, locs in routing.by_owner().items():
        items = tuple(dict.fromkeys(loc.item.id for loc in locs))
        roles = tuple(dict.fromkeys(loc.role for loc in locs))
        seconds = seconds_left(routing.framework, locs, routing.states, evidence)
        shares.append(OwnerShare(user_id, len(locs), items, roles, seconds))
    return shares


def start_assessment(
    uow_factory: UnitOfWorkFactory, clock: Clock, request: StartRequest, once: str | None = None
) -> StartResult:
    """Create the assessment, carry a previous one's answers over as to-confirm, and queue the
    kickoff (which queues the intros) in the same transaction. `once` (the modal's view id)
    makes a second submission of the same modal a Duplicate."""
    now = clock.now()
    errors = validate(request, now.date())
    roles = {key: list(dict.fromkeys(users)) for key, users in request.roles.items() if users}
    with uow_factory() as uow:
        follow_up.once(uow, request.team_id, once, now)
        existing = uow.assessments.by_name(request.team_id, request.name.strip())
        if existing is not None and existing.is_active():
            errors["name"] = Phrase(
                N_("An active assessment is already called “%(name)s”."), name=existing.name
            )
        previous = None
        if request.previous_id is not None:
            previous = uow.assessments.get(request.team_id, request.previous_id)
            if previous is None:
                errors["previous"] = Phrase(N_("The assessment to continue was not found."))
            elif previous.framework_id != request.framework.id:
                errors["previous"] = Phrase(
                    N_(
                        "“%(name)s” was assessed against another framework (%(other)s): "
                        "continue an assessment of %(framework)s, or none."
                    ),
                    name=previous.name,
                    other=previous.framework_id,
                    framework=request.framework.id,
                )
        if errors:
            raise Invalid(errors)
        content_hash = uow.frameworks.save(request.framework)
        assessment = uow.assessments.add(
            Assessment(
                team_id=request.team_id,
                name=request.name.strip(),
                project=request.project.strip(),
                framework_id=request.framework.id,
                framework_version=request.framework.version,
                framework_hash=content_hash,
                lead_id=request.lead_id,
                channel_id=request.channel_id,
                created_at=now,
                roles=roles,
                target_level=request.target_level,
                due_date=request.due_date,
                evidence_policy=request.evidence_policy,
                reminder_policy=request.reminder_policy,
                previous_id=request.previous_id,
                adaptive=request.adaptive,
                channel_locale=request.channel_locale,
                out_of_scope=tuple(
                    d for d in request.framework.domain_ids() if d in request.out_of_scope
                ),
            )
        )
        carried = 0
        copied: list[Evidence] = []
        if previous is not None and previous.id is not None and assessment.id is not None:
            left_out = set(request.out_of_scope)
            ids = [
                loc.requirement.id
                for loc in request.framework.requirements()
                if loc.domain.id not in left_out
            ]
            carried_ids = set(ids)
            carried = uow.answers.carry_over(request.team_id, previous.id, assessment.id, ids)
            for item in uow.evidence.for_assessment(request.team_id, previous.id):
                if item.requirement_id in carried_ids:
                    copied.append(replace(item, id=None, assessment_id=assessment.id))
                    uow.evidence.add(request.team_id, copied[-1])
        assert assessment.id is not None
        states = uow.answers.states(request.team_id, assessment.id) if carried else {}
        kickoff = Kickoff(assessment.id)
        uow.outbox.add(request.team_id, f"kickoff:{assessment.id}", kickoff, now)
        uow.commit()
    routing = Routing(request.framework, assessment, states)
    shares = owner_shares(routing, copied)
    return StartResult(assessment, shares, routing.fallback_roles(), carried)
