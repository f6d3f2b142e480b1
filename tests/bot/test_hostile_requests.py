"""Signed requests Slack never sends, through the real app: a 4xx or a clear message, never a
500, and nothing written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Response

from .steps import PAUL, told

Payload = dict[str, Any]


def _value(payload: Payload, **changes: object) -> None:
    value = json.loads(payload["actions"][0]["value"])
    payload["actions"][0]["value"] = json.dumps({**value, **changes})


CASES: dict[str, Callable[[Payload], None]] = {
    "no user": lambda p: p.pop("user"),
    "a user without an id": lambda p: p["user"].pop("id"),
    "no actions": lambda p: p.update(actions=[]),
    "actions not a list": lambda p: p.update(actions="answer"),
    "a value that is not JSON": lambda p: p["actions"][0].update(value="not json{"),
    "an assessment id of 2^40": lambda p: _value(p, a=2**40),
    "an assessment id of -1": lambda p: _value(p, a=-1),
    "a value with extra fields": lambda p: _value(p, admin=True),
}
TOLD = {"a value that is not JSON", "an assessment id of 2^40", "an assessment id of -1"}
TOLD |= {"a value with extra fields"}
REFUSED = (
    ":warning: I can't read that button or form (it may be from an older message), "
    "so nothing was changed. `/maturity status` shows where things stand."
)


def _answer_click(h: Harness) -> tuple[Payload, str]:
    """The payload of Paul's first answer click as the stand-in sends it (not sent)."""
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    sent: list[Payload] = []
    real = h.users._interaction

    def keep(payload: Payload, **options: Any) -> Response:
        sent.append(copy.deepcopy(payload))
        return Response(200, {}, {}, b"")

    h.users._interaction = keep  # type: ignore[method-assign]
    try:
        scenario.click(h, PAUL, "answer:met", requirement=first)
    finally:
        h.users._interaction = real  # type: ignore[method-assign]
    return sent[0], first


def test_malformed_clicks_get_400_and_change_nothing(started: tuple[Harness, int]) -> None:
    """One assessment, every case in turn (each from a fresh copy of the real payload)."""
    h, assessment_id = started
    payload, first = _answer_click(h)
    with h.services.uow() as uow:
        history = uow.answers.history(h.team_id, assessment_id)
    for case, spoil in CASES.items():
        before = len(told(h, PAUL))
        forged = copy.deepcopy(payload)
        spoil(forged)

        response = h.users._interaction(forged)

        assert response.status == 400, (case, response.body)
        with h.services.uow() as uow:
            assert first not in uow.answers.states(h.team_id, assessment_id), case
            assert uow.answers.history(h.team_id, assessment_id) == history, case
        said = told(h, PAUL)[before:]
        if case in TOLD:  # a person is named: they learn that nothing happened
            assert said == [REFUSED], case
        else:
            assert said == [], case


def test_the_unchanged_click_still_answers(started: tuple[Harness, int]) -> None:
    """The control: the captured payload, sent as it is, records the answer."""
    h, assessment_id = started
    payload, first = _answer_click(h)
    assert h.users._interaction(payload).status == 200
    with h.services.uow() as uow:
        assert uow.answers.states(h.team_id, assessment_id)[first].answer.value == "met"
