"""Signed requests Slack never sends, through the real app: a 4xx or a clear message, never a
500, and nothing written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Response, plain_text_value, users_value

from .steps import CHANNEL, LEAD, PAUL, told

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


def _start_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": {"value": plain_text_value("Second look")},
        "project": {"value": plain_text_value("fraud-detect")},
        "framework": {
            "value": {"type": "static_select", "selected_option": {"value": "mlops-quickcheck"}}
        },
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
    }
    return values | changes


def _select(value: str) -> dict[str, Any]:
    return {"value": {"type": "static_select", "selected_option": {"value": value}}}


FORGED_STARTS: dict[str, tuple[dict[str, Any], str]] = {
    "an unknown framework": ({"framework": _select("no-such-framework")}, "framework"),
    "a date that is not one": (
        {"due_date": {"value": {"type": "datepicker", "selected_date": "2026-02-30"}}},
        "due_date",
    ),
    "a target that is not a level": ({"target_level": _select("high")}, "target_level"),
    # nothing to continue, so the modal has no such field: the error goes on the framework's
    "a huge previous id": ({"previous": _select("9" * 30)}, "framework"),
    "an unknown evidence policy": ({"evidence_policy": _select("trust-me")}, "evidence_policy"),
    "5,000 people in one role": (
        {"role:product_owner": {"users": users_value([f"U{n:08d}" for n in range(5000)])}},
        "name",
    ),
    "a role holder that is not a person": (
        {"role:product_owner": {"users": users_value(["<!channel>"])}},
        "name",
    ),
}


def test_forged_start_submissions_are_refused_field_by_field(harness: Harness) -> None:
    """Each choice the modal offers is checked on the server too: never a 500, nothing started."""
    h = harness
    for case, (changes, field) in FORGED_STARTS.items():
        h.users.slash_command(LEAD, "start", channel_id=CHANNEL)
        response = h.users.view_submission(LEAD, "start_assessment", _start_values(**changes))
        assert response.status == 200, case
        assert response.body.get("response_action") == "errors", (case, response.body)
        assert field in response.body["errors"], (case, response.body)
        with h.services.uow() as uow:
            assert uow.assessments.by_name(h.team_id, "Second look") is None, case
        h.slack.close_view(h.slack.open_modal(LEAD).id, clear=True)  # type: ignore[union-attr]


def test_any_name_is_accepted_and_escaped_wherever_it_is_shown(harness: Harness) -> None:
    h = harness
    name = "Search <v2> & co"
    h.users.slash_command(LEAD, "start", channel_id=CHANNEL)
    response = h.users.view_submission(
        LEAD, "start_assessment", _start_values(name={"value": plain_text_value(name)})
    )
    assert response.status == 200 and not response.body
    status = h.users.slash_command(LEAD, "status Search &lt;v2&gt; &amp; co", channel_id=CHANNEL)
    assert "Search &lt;v2&gt; &amp; co" in str(status.body)  # found by name as typed, escaped
    shown = [text for message in h.slack.messages() for text in _mrkdwn(message)]
    assert any("Search &lt;v2&gt; &amp; co" in text for text in shown)  # the kickoff, the intros
    assert not [text for text in shown if "<v2>" in text]  # plain_text (a header) may show it


def _mrkdwn(message: Any) -> list[str]:
    """A message's mrkdwn: its text, and every mrkdwn text object in its blocks."""
    found = [message.text or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(str(node.get("text", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.blocks)
    return found


def test_slack_saying_it_rate_limited_events_gets_200_and_a_warning(
    harness: Harness, caplog: Any
) -> None:
    notice = {
        "token": "x",
        "type": "app_rate_limited",
        "team_id": harness.team_id,
        "minute_rate_limited": 1518467820,
        "api_app_id": harness.users.api_app_id,
    }
    response = harness.users.post(json.dumps(notice), "application/json")
    assert response.status == 200
    assert any("rate-limited" in r.getMessage() for r in caplog.records)
