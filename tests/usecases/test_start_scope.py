"""Use case: start an assessment of a framework with `scope`, leaving modules (domains) out:
stored with the assessment, never routed, and refused when it makes no sense."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from questionnaire.conversation import agenda, next_page
from questionnaire.domain import Answer
from questionnaire.framework import Framework
from questionnaire.loader.load import load_framework
from questionnaire.readmodels.summary import gather
from questionnaire.usecases.answering import record_answer
from questionnaire.usecases.context import read_view
from questionnaire.usecases.errors import Invalid, NotFound
from questionnaire.usecases.start import StartRequest, StartResult, start_assessment
from tests.framework.helpers import SCOPED
from tests.storage.helpers import TEAM_A

from .world import DEV, LEAD, World, make_world

FRAMEWORK: Framework = load_framework(SCOPED)  # domains DATA (3 requirements) and MODEL (2)
REQUEST = StartRequest(
    team_id=TEAM_A,
    lead_id=LEAD,
    name="Platform review",
    project="Our MLOps platform",
    framework=FRAMEWORK,
    channel_id="C0002",
    roles={"vendor_pm": [DEV]},
)


@pytest.fixture
def world() -> World:
    return make_world()


def start(world: World, **changes: Any) -> StartResult:
    return start_assessment(world.uow, world.clock, replace(REQUEST, **changes))


def test_a_module_left_out_is_stored_and_never_routed(world: World) -> None:
    result = start(world, out_of_scope=("MODEL",))
    assert result.assessment.out_of_scope == ("MODEL",)
    [share] = result.shares
    assert (share.user_id, share.questions, share.item_ids) == (DEV, 3, ("DATA.1",))
    assert result.assessment.id is not None
    view = read_view(world.uow, TEAM_A, result.assessment.id)
    assert view.assessment.out_of_scope == ("MODEL",)
    assert not view.routing.may_answer(LEAD, "MODEL.1.1.a")
    assert view.routing.may_answer(LEAD, "DATA.1.1.a")
    assert [loc.requirement.id for loc in view.routing.asked()] == [
        "DATA.1.1.a",
        "DATA.1.1.b",
        "DATA.1.1.c",
    ]
    assert [loc.requirement.id for loc in view.routing.owned_by(DEV)] == [
        "DATA.1.1.a",
        "DATA.1.1.b",
        "DATA.1.1.c",
    ]
    first = next_page(agenda(view.routing, DEV), view.states)  # what their DMs ask
    assert first is not None
    assert (first.item_id, first.item_count) == ("DATA.1", 1)
    summary = gather(view)
    [data, model] = summary.domains
    assert (data.in_scope, model.in_scope) == (True, False)
    assert model.label == "Not in scope"
    assert summary.result.out_of_scope == ("MODEL",)
    assert summary.completion.total == 3


def test_everything_is_in_scope_by_default(world: World) -> None:
    result = start(world)
    assert result.assessment.out_of_scope == ()
    assert sum(share.questions for share in result.shares) == 5


@pytest.mark.parametrize(
    ("framework", "out_of_scope", "message"),
    [
        (
            None,
            ("DATA", "MODEL"),
            "Keep at least one module in scope.",
        ),
        (None, ("NOPE",), "Pick modules from the list."),
        (
            FRAMEWORK.model_copy(update={"scope": None}),
            ("MODEL",),
            "This framework is always assessed whole: it has no modules to leave out.",
        ),
    ],
)
def test_a_scope_that_makes_no_sense_is_refused_on_its_field(
    world: World, framework: Framework | None, out_of_scope: tuple[str, ...], message: str
) -> None:
    changes: dict[str, Any] = {"out_of_scope": out_of_scope}
    if framework is not None:
        changes["framework"] = framework
    with pytest.raises(Invalid) as refused:
        start(world, **changes)
    assert refused.value.fields == {"scope": message}


def test_an_answer_to_a_module_left_out_is_refused(world: World) -> None:
    started = start(world, out_of_scope=("MODEL",)).assessment
    assert started.id is not None
    with pytest.raises(NotFound, match="in a module this assessment left out"):
        record_answer(world.uow, world.clock, TEAM_A, started.id, "MODEL.1.1.a", Answer.MET, DEV)
    outcome = record_answer(
        world.uow, world.clock, TEAM_A, started.id, "DATA.1.1.a", Answer.MET, DEV
    )
    assert outcome.after.answer is Answer.MET
