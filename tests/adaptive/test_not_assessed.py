"""Which requirements adaptive questioning does not ask: the open ones above the lowest level of
their sub-item with a confirmed Not met or Partially met; and routing leaves them out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from questionnaire.adaptive import not_assessed, skipped
from questionnaire.domain import Answer, Assessment, RequirementState
from questionnaire.framework import Framework
from questionnaire.routing import Routing

# Sub-item A: A1 (L1, dev), A2a and A2b (L2, ops), A3 (L3, dev). Sub-item B: B1, B2 (dev).
LEVELS = {"A1": 1, "A2a": 2, "A2b": 2, "A3": 3, "B1": 1, "B2": 2}


def _requirement(rid: str) -> dict[str, Any]:
    role = "ops" if rid.startswith("A2") else "dev"
    return {
        "id": rid,
        "level": LEVELS[rid],
        "text": rid,
        "guidance": "g",
        "theme": "process",
        "role": role,
    }


def _subitem(sid: str) -> dict[str, Any]:
    requirements = [_requirement(rid) for rid in LEVELS if rid.startswith(sid)]
    return {"id": sid, "name": sid, "requirements": requirements}


FRAMEWORK = Framework.model_validate(
    {
        "id": "fw",
        "version": "1",
        "title": "Test",
        "levels": [{"number": n, "key": f"l{n}", "name": f"L{n}"} for n in (1, 2, 3)],
        "roles": [{"key": "dev", "name": "Dev"}, {"key": "ops", "name": "Ops"}],
        "domains": [
            {
                "id": "D",
                "name": "D",
                "items": [{"id": "I", "name": "I", "subitems": [_subitem("A"), _subitem("B")]}],
            }
        ],
    }
)


def states(**answers: Answer | tuple[Answer, str]) -> dict[str, RequirementState]:
    """`A1=Answer.NOT_MET`, or `A1=(Answer.NOT_MET, "to confirm")` for a carried-over answer."""
    result = {}
    for rid, given in answers.items():
        answer, note = given if isinstance(given, tuple) else (given, "")
        result[rid] = RequirementState(rid, answer, to_confirm=note == "to confirm")
    return result


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, set()),
        ({"A1": Answer.NOT_MET}, {"A2a", "A2b", "A3"}),
        ({"A1": Answer.PARTIAL}, {"A2a", "A2b", "A3"}),
        ({"A2a": Answer.NOT_MET}, {"A3"}),
        ({"A2b": Answer.PARTIAL, "A3": Answer.MET}, set()),  # answered above: stays an answer
        ({"A1": Answer.NOT_MET, "A2a": Answer.MET}, {"A2b", "A3"}),
        ({"A1": Answer.MET}, set()),  # even when evidence is still owed
        ({"A1": Answer.NOT_APPLICABLE}, set()),
        ({"A1": (Answer.NOT_MET, "to confirm")}, set()),  # last time's, not yet confirmed
        ({"A1": Answer.NOT_MET, "A2a": (Answer.MET, "to confirm")}, {"A2a", "A2b", "A3"}),
        ({"A3": Answer.NOT_MET, "B1": Answer.NOT_MET}, {"B2"}),  # per sub-item
        ({"A2a": Answer.NOT_MET, "A1": Answer.PARTIAL}, {"A2b", "A3"}),  # the lowest blocks
    ],
)
def test_the_open_questions_above_the_lowest_blocking_level(
    answers: dict[str, Any], expected: set[str]
) -> None:
    assert not_assessed(FRAMEWORK, states(**answers)) == expected


def test_each_skip_names_its_sub_item_blocking_level_and_answer() -> None:
    [entry] = skipped(FRAMEWORK, states(A2b=Answer.PARTIAL, A2a=Answer.NOT_MET))
    assert (entry.subitem.id, entry.level, entry.answer, entry.requirement_ids) == (
        "A",
        2,
        Answer.NOT_MET,  # the first blocker at that level in framework order
        ("A3",),
    )


def _assessment(adaptive: bool) -> Assessment:
    return Assessment(
        team_id="T",
        name="n",
        project="p",
        framework_id="fw",
        framework_version="1",
        framework_hash="h",
        lead_id="ULEAD",
        channel_id="C",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        roles={"dev": ["UDEV"], "ops": ["UOPS"]},
        adaptive=adaptive,
    )


def _asked(routing: Routing) -> dict[str, list[str]]:
    return {user: [loc.requirement.id for loc in locs] for user, locs in routing.by_owner().items()}


def test_routing_asks_nobody_the_skipped_questions_when_the_assessment_is_adaptive() -> None:
    blocked = states(A1=Answer.NOT_MET)
    routing = Routing(FRAMEWORK, _assessment(adaptive=True), blocked)
    assert _asked(routing) == {"UDEV": ["A1", "B1", "B2"]}
    assert [loc.requirement.id for loc in routing.owned_by("UOPS")] == []
    assert routing.owner("A2a") == "UOPS"  # still owned: may be answered, comes back unblocked
    everything = Routing(FRAMEWORK, _assessment(adaptive=False), blocked)
    assert everything.skipped == frozenset()
    assert _asked(everything) == {"UDEV": ["A1", "A3", "B1", "B2"], "UOPS": ["A2a", "A2b"]}
