"""A click or modal naming a page acts on its owner's page: a forged value naming someone else's
page (Confirm last time's answers, None of the rest is met, an answer, a comment, evidence)
is refused before anything is written or queued, so it neither changes nor discloses the page.
The lead and admins may act on anyone's page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from questionnaire.domain import Answer, EvidenceKind
from questionnaire.usecases.answering import confirm_answers, none_met, record_answer, set_comment
from questionnaire.usecases.errors import NotAllowed
from questionnaire.usecases.evidence import add_evidence
from tests.storage.helpers import TEAM_A

from .world import ADMIN, ADMINS, DEV, DEV2, LEAD, OPS, OUTSIDER, World, page_at

OPS_PAGE = page_at(OPS)  # OPS's page: R000, R002, R004


def _clicks(world: World) -> dict[str, Callable[[str], object]]:
    w, clock, aid = world.uow, world.clock, world.aid
    return {
        "confirm": lambda who: confirm_answers(w, clock, TEAM_A, aid, None, who, ADMINS, OPS_PAGE),
        "none met": lambda who: none_met(w, clock, TEAM_A, aid, who, OPS_PAGE, ADMINS),
        "answer": lambda who: record_answer(
            w, clock, TEAM_A, aid, "R001", Answer.MET, who, ADMINS, OPS_PAGE
        ),
        "comment": lambda who: set_comment(
            w, clock, TEAM_A, aid, "R001", "ok", who, ADMINS, page=OPS_PAGE
        ),
        "evidence": lambda who: add_evidence(
            w, clock, TEAM_A, aid, "R001", who, kind=EvidenceKind.NOTE, note="n", admins=ADMINS,
            page=OPS_PAGE,
        ),
    }  # fmt: skip


@pytest.mark.parametrize("click", ["confirm", "none met", "answer", "comment", "evidence"])
@pytest.mark.parametrize("forger", [DEV, DEV2, OUTSIDER])
def test_someone_else_naming_a_page_is_refused_and_nothing_is_written(
    world: World, click: str, forger: str
) -> None:
    world.answer({"R001": Answer.PARTIAL}, by=DEV)  # so a comment has an answer to go on
    states, queued = world.states(), world.outbox()
    with pytest.raises(NotAllowed):
        _clicks(world)[click](forger)
    assert world.states() == states and world.outbox() == queued and world.evidence() == []


@pytest.mark.parametrize("who", [OPS, LEAD, ADMIN])
def test_the_owner_the_lead_and_admins_may(world: World, who: str) -> None:
    assert none_met(world.uow, world.clock, TEAM_A, world.aid, who, OPS_PAGE, ADMINS)
