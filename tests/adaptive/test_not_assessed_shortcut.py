"""`not_assessed` looks only at the sub-items holding a blocking answer, yet skips exactly what
walking every sub-item (`skipped`) skips."""

from __future__ import annotations

import random

import pytest

from questionnaire.adaptive import not_assessed, skipped
from questionnaire.domain import Answer, RequirementState
from questionnaire.registry import FrameworkRegistry

CAICT = FrameworkRegistry().get("caict-mlops-dev-mgmt")


@pytest.mark.parametrize("seed", range(25))
def test_not_assessed_is_what_every_sub_item_skips(seed: int) -> None:
    rng = random.Random(seed)
    states = {
        loc.requirement.id: RequirementState(
            loc.requirement.id,
            answer=rng.choice(list(Answer)),
            answered_by="UA",
            to_confirm=rng.random() < 0.2,
        )
        for loc in CAICT.requirements()
        if rng.random() < 0.3
    }
    states["NOT-IN-THE-FRAMEWORK"] = RequirementState("NOT-IN-THE-FRAMEWORK", Answer.NOT_MET)
    walked = {rid for entry in skipped(CAICT, states) for rid in entry.requirement_ids}
    assert walked, "some sub-item is blocked"
    assert not_assessed(CAICT, states) == walked
