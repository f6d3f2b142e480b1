"""Loading one assessment with everything needed to route and render it."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from questionnaire.domain import Assessment, Evidence, RequirementState
from questionnaire.framework import Framework
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import UnitOfWork, UnitOfWorkFactory
from questionnaire.routing import Routing
from questionnaire.usecases.errors import Closed, NotAllowed, NotFound


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """An assessment, its frozen framework, its states and evidence, and its routing."""

    assessment: Assessment
    framework: Framework
    states: dict[str, RequirementState]
    evidence: list[Evidence]
    # When `evidence` was read for some requirements only (a page's, in the transaction that
    # changed it): which ones it holds all the evidence of.
    evidence_of: frozenset[str] = frozenset()
    _routing: Routing | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def routing(self) -> Routing:
        """Worked out once per view (adaptive questioning's skips read every state)."""
        if self._routing is None:
            object.__setattr__(
                self, "_routing", Routing(self.framework, self.assessment, self.states)
            )
        assert self._routing is not None
        return self._routing

    def with_evidence(self, evidence: list[Evidence], of: Collection[str] = ()) -> AssessmentView:
        """This view with `evidence` (all there is of the requirements `of`, when given),
        keeping the routing already worked out."""
        view = AssessmentView(self.assessment, self.framework, self.states, evidence, frozenset(of))
        object.__setattr__(view, "_routing", self._routing)
        return view

    def has_evidence_of(self, requirement_ids: Collection[str]) -> bool:
        """Whether `evidence` holds all the evidence of these requirements (see `evidence_of`)."""
        return self.evidence_of.issuperset(requirement_ids)


def get_assessment(uow: UnitOfWork, team_id: str, assessment_id: int) -> Assessment:
    """The assessment in this workspace; NotFound (see `missing`) when it is not there."""
    assessment = uow.assessments.get(team_id, assessment_id)
    if assessment is None:
        raise missing(uow, team_id, assessment_id)
    return assessment


def missing(uow: UnitOfWork, team_id: str, assessment_id: int) -> NotFound:
    """Why an assessment is not in this workspace: it belongs to another one (a button or modal
    from there), or it was deleted."""
    if uow.assessments.elsewhere(team_id, assessment_id):
        return NotFound(
            Phrase(N_("This assessment belongs to another workspace: open it from there."))
        )
    return NotFound(Phrase(N_("This assessment was deleted; there is nothing left to do here.")))


def lock_active(uow: UnitOfWork, team_id: str, assessment_id: int) -> Assessment:
    """The assessment, held until the transaction ends, if it is still open: an answer never
    commits into an assessment that was closed or deleted meanwhile."""
    assessment = uow.assessments.lock(team_id, assessment_id)
    if assessment is None:
        raise missing(uow, team_id, assessment_id)
    require_active(assessment)
    return assessment


def require_active(assessment: Assessment) -> None:
    if not assessment.is_active():
        raise Closed(
            Phrase(N_("“%(name)s” is closed; answers can no longer change."), name=assessment.name)
        )


def load_view(
    uow: UnitOfWork, team_id: str, assessment_id: int, *, evidence: bool = True
) -> AssessmentView:
    """Everything about one assessment, in four queries whatever its size (`evidence=False`:
    without its evidence, for a page that reads the evidence of its own questions only)."""
    assessment = get_assessment(uow, team_id, assessment_id)
    assert assessment.id is not None
    return AssessmentView(
        assessment=assessment,
        framework=uow.frameworks.load(assessment.framework_hash),
        states=uow.answers.states(team_id, assessment.id),
        evidence=uow.evidence.for_assessment(team_id, assessment.id) if evidence else [],
    )


def load_views(
    uow: UnitOfWork, team_id: str, assessment_id: int
) -> tuple[AssessmentView, AssessmentView | None]:
    """The assessment's view and its previous assessment's (None when gone or never set)."""
    view = load_view(uow, team_id, assessment_id)
    previous_id = view.assessment.previous_id
    if previous_id is None:
        return view, None
    try:
        return view, load_view(uow, team_id, previous_id)
    except NotFound:
        return view, None


def read_view(
    uow_factory: UnitOfWorkFactory, team_id: str, assessment_id: int, *, evidence: bool = True
) -> AssessmentView:
    """The assessment as it is now, read in its own transaction (NotFound when deleted)."""
    with uow_factory() as uow:
        return load_view(uow, team_id, assessment_id, evidence=evidence)


def lock_with(
    uow: UnitOfWork, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
) -> tuple[Assessment, Framework]:
    """The open assessment (held until the transaction ends, so a close or delete waits) and
    its framework; NotFound for a requirement it does not have or has left out of scope."""
    assessment = lock_active(uow, team_id, assessment_id)
    return assessment, _framework_with(uow, assessment, requirement_ids)


def lock_with_states(
    uow: UnitOfWork, team_id: str, assessment_id: int, requirement_ids: Sequence[str]
) -> tuple[Assessment, Framework, dict[str, RequirementState]]:
    """`lock_with`, and every state of the assessment read by the same statement."""
    found = uow.assessments.lock_with_states(team_id, assessment_id)
    if found is None:
        raise missing(uow, team_id, assessment_id)
    assessment, states = found
    require_active(assessment)
    return assessment, _framework_with(uow, assessment, requirement_ids), states


def _framework_with(
    uow: UnitOfWork, assessment: Assessment, requirement_ids: Sequence[str]
) -> Framework:
    """The assessment's framework; NotFound for a requirement it does not have or has left out
    of scope."""
    framework = uow.frameworks.load(assessment.framework_hash)
    for requirement_id in requirement_ids:
        if not framework.has_requirement(requirement_id):
            raise NotFound(
                Phrase(N_("Requirement %(id)s is not part of this assessment."), id=requirement_id)
            )
        if framework.locate(requirement_id).domain.id in assessment.out_of_scope:
            raise NotFound(
                Phrase(
                    N_("Requirement %(id)s is in a module this assessment left out."),
                    id=requirement_id,
                )
            )
    return framework


def lock_checked(
    uow: UnitOfWork,
    team_id: str,
    assessment_id: int,
    requirement_ids: Sequence[str],
    actor: str,
    admins: Collection[str],
) -> tuple[Assessment, Framework]:
    """`lock_with`, after checking the actor may act on these requirements."""
    assessment, framework = lock_with(uow, team_id, assessment_id, requirement_ids)
    states: dict[str, RequirementState] = {}
    for requirement_id in requirement_ids:
        state = uow.answers.get(team_id, assessment_id, requirement_id)
        if state is not None:
            states[requirement_id] = state
    require_may_answer(Routing(framework, assessment, states), requirement_ids, actor, admins)
    return assessment, framework


def is_lead_or_admin(assessment: Assessment, user_id: str, admins: Collection[str]) -> bool:
    return user_id == assessment.lead_id or user_id in admins


def require_may_answer(
    routing: Routing, requirement_ids: Sequence[str], actor: str, admins: Collection[str]
) -> None:
    """NotAllowed unless the actor may answer (and add evidence to) every one of these."""
    for requirement_id in requirement_ids:
        if not routing.may_answer(actor, requirement_id, admins):
            owner = routing.owner(requirement_id)
            raise NotAllowed(
                Phrase(
                    N_(
                        "Question `%(id)s` is %(owner)s's. Only they, other holders of its "
                        "role, the lead and admins can answer it."
                    ),
                    id=requirement_id,
                    owner=f"<@{owner}>",
                )
            )


ROLE_HOLDERS_MAX = 10  # people per role, as the modals' pickers allow
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")


def role_problems(roles: Mapping[str, Sequence[str]], known: Collection[str]) -> str | None:
    """What is wrong with role holders as submitted (the modal limits them; a forged submission
    may not): an unknown role, too many people in one, or something that is not a Slack user."""
    # an empty picker of another framework's role (the modal was not redrawn after the framework
    # changed) names nobody: nothing to refuse
    unknown = {role for role in set(roles) - set(known) if roles[role]}
    if unknown:
        return Phrase(N_("Unknown roles: %(roles)s."), roles=", ".join(sorted(unknown)))
    for role, users in roles.items():
        if len(set(users)) > ROLE_HOLDERS_MAX:
            return Phrase(
                N_("At most %(max)d people per role; %(role)s has %(num)d."),
                max=ROLE_HOLDERS_MAX,
                role=role,
                num=len(set(users)),
            )
        if any(not isinstance(u, str) or not SLACK_USER_ID.fullmatch(u) for u in users):
            return Phrase(
                N_("Pick people with the picker: %(role)s holds something that is not a person."),
                role=role,
            )
    return None
