"""Progress per person and the assessments a person is part of (for status, list and Home)."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaire.conversation import evidence_owed, is_open
from questionnaire.domain import Assessment
from questionnaire.ports import UnitOfWorkFactory
from questionnaire.scoring_adapter import score_assessment
from questionnaire.usecases.context import AssessmentView, load_view


@dataclass(frozen=True, slots=True)
class PersonProgress:
    """One person's share of an assessment: questions asked, answered, evidence still owed."""

    user_id: str
    questions: int
    answered: int
    evidence_owed: int


def people(view: AssessmentView) -> list[PersonProgress]:
    result = []
    for user_id, locs in view.routing.by_owner().items():
        answered = sum(1 for loc in locs if not is_open(view.states.get(loc.requirement.id)))
        owed = len(evidence_owed(locs, view.states, view.evidence))
        result.append(PersonProgress(user_id, len(locs), answered, owed))
    return result


def level_line(view: AssessmentView, locale: str = "en") -> str:
    result = score_assessment(
        view.framework,
        view.states,
        view.evidence,
        view.assessment.evidence_policy,
        view.assessment.target_level,
        adaptive=view.assessment.adaptive,
        out_of_scope=view.assessment.out_of_scope,
    )
    label = view.framework.level_label(result.overall.level, locale)
    provisional = " (provisional)" if result.provisional else ""
    return f"Level so far: *{label}*{provisional}."


def of(
    uow_factory: UnitOfWorkFactory, assessment: Assessment, locale: str = "en"
) -> tuple[list[PersonProgress], str]:
    """Each person's progress in `assessment` and its level so far."""
    assert assessment.id is not None
    with uow_factory() as uow:
        view = load_view(uow, assessment.team_id, assessment.id)
    return people(view), level_line(view, locale)


def my_assessments(
    uow_factory: UnitOfWorkFactory, team_id: str, user_id: str
) -> list[tuple[Assessment, int]]:
    """Each assessment the user leads or answers in, with how many questions they answer in it."""
    rows = []
    with uow_factory() as uow:
        for assessment in uow.assessments.list_for_user(team_id, user_id):
            assert assessment.id is not None
            view = load_view(uow, team_id, assessment.id)
            rows.append((assessment, len(view.routing.owned_by(user_id))))
    return rows
