"""Listeners called directly, as Bolt would call them: no HTTP, no signed request, no Slack
stand-in. Each gets Bolt's arguments by name (ack, body, client, context), the services come
from the context, and the recorded ack and client show what Slack would have been told."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from slack_bolt import BoltContext
from slack_bolt.kwargs_injection.args import Args

from bot.blocks.messages import help_message
from bot.deadlines import Deadlines
from bot.listeners import answers, start
from bot.listeners.commands import dispatch
from bot.listeners.context import SERVICES, services_of
from bot.slack.ids import COMMAND, QuestionRef, View, answer_action_id
from questionnaire.domain import Answer
from questionnaire.ports import UnitOfWork
from tests.storage.helpers import TEAM_A
from tests.usecases.world import DEV, OUTSIDER

from .conftest import Call

LISTENERS: list[Callable[..., Any]] = [
    answers.answered,
    start.submitted,
    dispatch.maturity,
]


@pytest.mark.parametrize("listener", LISTENERS, ids=lambda f: f.__name__)
def test_listeners_take_only_the_arguments_bolt_injects(listener: Callable[..., Any]) -> None:
    """Bolt passes arguments by name (slack_bolt.kwargs_injection): a name it doesn't know
    would arrive as None."""
    injected = set(inspect.signature(Args.__init__).parameters) - {"self"}
    assert set(inspect.signature(listener).parameters) <= injected


def answer_click(user_id: str, requirement_id: str, answer: Answer) -> dict[str, Any]:
    """The block_actions body of an answer button on a question page in the user's DM."""
    ref = QuestionRef(a=1, r=requirement_id, i="I1", p=0, u=DEV)
    return {
        "type": "block_actions",
        "team": {"id": TEAM_A},
        "user": {"id": user_id},
        "container": {"channel_id": f"D-{DEV}", "message_ts": "0.1"},
        "actions": [{"action_id": answer_action_id(answer), "value": ref.dump()}],
    }


def test_an_answer_click_is_saved_then_acked_and_its_page_delivered_by_the_listener(
    call: Call,
) -> None:
    body = answer_click(DEV, "R001", Answer.MET)
    assert call.world.aid == 1

    answers.answered(call.ack, body, call.client, call.context)  # type: ignore[arg-type]

    assert call.world.states()["R001"].answer is Answer.MET
    # Nothing said to Slack: the outbox says it. The workspace lists no admins, so whether the
    # clicker is a Slack admin is settled before the use case's transaction; this directory does
    # not hold them yet, so Slack is asked once (then the directory and the process remember).
    assert call.log.names() == ["users.info", "ack"]
    # The page's refresh was queued claimed and handed to the listener's thread after the ack;
    # nothing was left for the delivery loop, which is not woken.
    assert call.courier.handed == [f"refresh:D-{DEV}:0.1"] and call.courier.kicks == 0
    answers.answered(call.ack, answer_click(DEV, "R003", Answer.MET), call.client, call.context)  # type: ignore[arg-type]
    assert call.log.names() == ["users.info", "ack", "ack"]  # asked once


def test_an_outsider_is_refused_with_an_ephemeral_note_after_the_ack(call: Call) -> None:
    body = answer_click(OUTSIDER, "R001", Answer.MET)

    answers.answered(call.ack, body, call.client, call.context)  # type: ignore[arg-type]

    # Slack is asked whether the outsider is a workspace admin (the workspace lists none).
    assert call.log.names() == ["users.info", "ack", "chat.postEphemeral"]
    assert call.ack.acks == [{}]
    (note,) = call.log.of("chat.postEphemeral")
    assert note["channel"] == f"D-{DEV}" and note["user"] == OUTSIDER
    assert note["text"].startswith(":no_entry: ")
    assert "R001" not in call.world.states() or call.world.states()["R001"].answer is None
    assert call.courier.kicks == 0


def test_a_start_modal_with_no_name_is_acked_with_the_error_in_place(call: Call) -> None:
    body = {
        "type": "view_submission",
        "team": {"id": TEAM_A},
        "user": {"id": DEV},
        "view": {"id": "V1", "callback_id": View.START, "state": {"values": {}}},
    }

    start.submitted(call.ack, body, call.client, call.context)  # type: ignore[arg-type]

    (acked,) = call.ack.acks
    assert acked["response_action"] == "errors"
    assert acked["errors"]["name"] == "Give the assessment a name."
    assert call.log.names() == ["ack"]  # no Slack call: the modal shows the errors
    assert call.courier.kicks == 0


def test_maturity_help_answers_in_the_ack(call: Call) -> None:
    body = {"team_id": TEAM_A, "user_id": DEV, "channel_id": "C1", "text": "help"}

    dispatch.maturity(call.ack, body, call.client, call.context)  # type: ignore[arg-type]

    assert call.ack.acks == [help_message(COMMAND)]
    assert call.log.names() == ["ack"]


def test_a_context_without_services_says_what_is_missing() -> None:
    with pytest.raises(LookupError, match="services middleware"):
        services_of(BoltContext())


def test_a_click_whose_use_case_runs_long_is_acked_at_its_deadline_once(call: Call) -> None:
    """Slack shows an error three seconds after a click without an ack, although the answer is
    saved a moment later: a use case running past the deadline has its ack sent first."""
    body = answer_click(DEV, "R001", Answer.MET)
    units, acked_during = call.services.uow, []

    @contextmanager
    def slow() -> Iterator[UnitOfWork]:
        with units() as uow:
            yield uow
            time.sleep(0.5)  # a lock held elsewhere, a busy machine
            acked_during.append(call.log.names().count("ack"))

    services = replace(call.services, uow=slow, deadlines=Deadlines(0.1))
    call.context[SERVICES] = services

    answers.answered(call.ack, body, call.client, call.context)  # type: ignore[arg-type]

    assert acked_during[0] == 1  # acked while the use case still ran
    assert call.ack.acks == [{}]  # once: the listener's own ack after it is not sent again
    assert call.world.states()["R001"].answer is Answer.MET  # saved all the same
    assert call.courier.handed == [f"refresh:D-{DEV}:0.1"]  # and its page delivered


def test_a_quick_click_is_acked_once_by_its_listener(call: Call) -> None:
    call.context[SERVICES] = replace(call.services, deadlines=Deadlines(0.1))
    answers.answered(call.ack, answer_click(DEV, "R001", Answer.MET), call.client, call.context)  # type: ignore[arg-type]
    time.sleep(0.2)  # past the deadline: nothing more is sent
    assert call.ack.acks == [{}]
