"""A modal submission whose use case outlasts Slack's wait: acked at the deadline with the modal
"still working" (its fields as they were, as submitted), then answered by views.update: the
view the change makes, "Saved", or the form again with what was refused. In time, the ack alone,
as before."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot import deadlines
from bot.blocks.saving import KEPT, REFUSED_BLOCK, SAVING_BLOCK
from bot.deadlines import Deadlines
from bot.listeners import modal_errors
from bot.listeners.context import DIRECTORY, SERVICES
from bot.listeners.modal_errors import submit
from bot.listeners.picker import PICK_BLOCK, picked
from bot.slack.ids import PickRef, View
from devkit.standin import check_view
from questionnaire.ports import UnitOfWork
from questionnaire.usecases.errors import Duplicate, Invalid, NotFound
from tests.storage.helpers import TEAM_A
from tests.usecases.world import DEV

from .conftest import Call

DEADLINE = 0.05  # for a use case meant to outlast it
SLOW = 0.3  # that use case's time: well past it, on a busy machine too
IN_TIME = 5.0  # the deadline for one meant to end in time, however busy the machine
NAME_INPUT = {
    "type": "input",
    "block_id": "name",
    "label": {"type": "plain_text", "text": "Name <yours>"},
    "element": {"type": "plain_text_input", "action_id": "value"},
}
# As Slack sends it with a view_submission: with the ids, state and flags Slack adds.
VIEW = {
    "id": "V1",
    "team_id": TEAM_A,
    "app_id": "A1",
    "app_installed_team_id": TEAM_A,
    "bot_id": "B1",
    "root_view_id": "V1",
    "previous_view_id": None,
    "external_id": "",
    "hash": "1.a",
    "clear_on_close": False,
    "notify_on_close": False,
    "type": "modal",
    "callback_id": "comment",
    "title": {"type": "plain_text", "text": "Comment"},
    "submit": {"type": "plain_text", "text": "Save"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "private_metadata": "{}",
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Q1"}}, NAME_INPUT],
    "state": {"values": {"name": {"value": {"type": "plain_text_input", "value": "typed"}}}},
}
BODY = {"type": "view_submission", "team": {"id": TEAM_A}, "user": {"id": DEV}, "view": VIEW}


@pytest.fixture(autouse=True)
def no_settling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadlines, "SETTLE_SECONDS", 0.0)


def slow(result: object = "done", raises: Exception | None = None) -> Callable[[], object]:
    def change() -> object:
        time.sleep(SLOW)
        if raises is not None:
            raise raises
        return result

    return change


def run(
    call: Call, change: Callable[[], object], deadline: float = DEADLINE, **options: Any
) -> bool:
    services = replace(call.services, deadlines=Deadlines(deadline))
    directory = call.context[DIRECTORY]
    return submit(
        call.ack,
        BODY,
        call.client,
        services,
        directory,
        TEAM_A,
        change,
        at="name",
        **options,  # type: ignore[arg-type]
    )


def test_in_time_the_ack_alone_answers(call: Call) -> None:
    assert run(call, lambda: "done", IN_TIME) is True
    assert call.log.names() == ["ack"] and call.ack.acks == [{}]
    assert call.courier.kicks == 1


def test_late_the_modal_says_still_saving_then_saved(call: Call) -> None:
    assert run(call, slow()) is True

    assert call.log.names() == ["ack", "views.update"]
    (acked,) = call.ack.acks
    assert acked["response_action"] == "update"
    saving = acked["view"]
    assert set(saving) <= {*KEPT, "blocks"}  # none of what Slack adds goes back
    assert saving["blocks"][0]["block_id"] == SAVING_BLOCK
    section, name = saving["blocks"][1:]
    assert section == VIEW["blocks"][0]
    # The input as it was (its ids: Slack keeps what was typed), starting from what was typed.
    assert name == NAME_INPUT | {"element": NAME_INPUT["element"] | {"initial_value": "typed"}}
    # Its submit button stays: Slack refuses a modal with inputs and no submit.
    assert saving["submit"] == VIEW["submit"] and saving["callback_id"] == "comment"
    (update,) = call.log.of("views.update")
    assert update["view_id"] == "V1"
    assert "Saved" in str(update["view"]["blocks"]) and "submit" not in update["view"]
    assert check_view(saving, "modal") == check_view(update["view"], "modal") == []
    assert call.courier.kicks == 1  # what it queued is delivered as usual


def test_late_with_a_view_to_show_it_replaces_still_saving(call: Call) -> None:
    confirmation = {"type": "modal", "title": {"type": "plain_text", "text": "Done"}, "blocks": []}
    run(call, slow(), done=lambda result: confirmation)
    assert call.log.of("views.update")[0]["view"] == confirmation


def test_late_a_refusal_shows_the_form_again_with_what_was_refused(call: Call) -> None:
    assert run(call, slow(raises=Invalid({"name": "Give it a name."})), fields=True) is False

    (update,) = call.log.of("views.update")
    view = update["view"]
    note, question, name = view["blocks"]
    assert note["block_id"] == REFUSED_BLOCK
    # Under the field's label, escaped for mrkdwn.
    assert "*Name &lt;yours&gt;*: Give it a name." in note["text"]["text"]
    assert question == VIEW["blocks"][0] and name["element"]["initial_value"] == "typed"
    assert view["submit"] == VIEW["submit"]  # to submit again
    assert check_view(view, "modal") == []
    assert call.log.names() == ["ack", "views.update"]  # no DM: the modal shows it
    assert call.courier.kicks == 0


def test_late_a_refusal_in_a_closed_modal_goes_by_dm(call: Call) -> None:
    def closed(**kwargs: Any) -> None:
        call.log.calls.append(("views.update", kwargs))
        response = SlackResponse(
            client=None,
            http_verb="POST",
            api_url="views.update",
            req_args={},
            data={"ok": False, "error": "not_found"},
            headers={},
            status_code=200,
        )
        raise SlackApiError("not_found", response)

    call.client.views_update = closed  # type: ignore[method-assign]
    run(call, slow(raises=NotFound("That assessment was deleted.")))

    assert call.log.names() == ["ack", "views.update", "chat.postMessage"]
    (dm,) = call.log.of("chat.postMessage")
    assert dm["channel"] == DEV
    assert "“Comment” was not saved" in dm["text"] and "deleted" in dm["text"]


def test_late_the_same_view_again_shows_saved(call: Call) -> None:
    """A second submission of a view the first one saved: the first's change stands."""
    assert run(call, slow(raises=Duplicate("view:V1"))) is False
    assert "Saved" in str(call.log.of("views.update")[0]["view"]["blocks"])


def test_late_a_failure_says_nothing_was_saved_and_goes_on_to_the_error_handler(
    call: Call,
) -> None:
    with pytest.raises(RuntimeError):
        run(call, slow(raises=RuntimeError("boom")))
    (update,) = call.log.of("views.update")
    assert update["view"]["blocks"][0]["block_id"] == REFUSED_BLOCK
    assert "Please try again" in update["view"]["blocks"][0]["text"]["text"]
    assert "chat.postMessage" not in call.log.names()  # the error handler tells the person


def test_a_failure_in_time_leaves_no_still_working_behind(call: Call) -> None:
    """A failure just before the deadline fires: the deadline's ack must not follow it (the
    modal would say "still working" for ever)."""
    reply = modal_errors.Reply(call.ack, call.client, BODY)
    with pytest.raises(RuntimeError), reply.running(call.services):
        raise RuntimeError("boom")
    reply._answer._deadline()  # the deadlines' thread, a moment late
    assert call.log.names() == []  # left to the error handler, as before


def test_a_failure_after_an_answer_in_time_leaves_the_modal_alone(call: Call) -> None:
    """Answered (closed, say), then something after it fails: the error handler tells the
    person; the modal is not updated."""
    reply = modal_errors.Reply(call.ack, call.client, BODY)
    with pytest.raises(RuntimeError), reply.running(call.services):
        reply()
        raise RuntimeError("boom")
    assert call.log.names() == ["ack"]


def test_late_a_refusal_a_full_modal_cannot_show_goes_by_dm(call: Call) -> None:
    full = VIEW | {"blocks": [NAME_INPUT] * 100}
    services = replace(call.services, deadlines=Deadlines(DEADLINE))
    submit(
        call.ack,
        BODY | {"view": full},
        call.client,  # type: ignore[arg-type]
        services,
        call.context[DIRECTORY],
        TEAM_A,
        slow(raises=NotFound("That assessment was deleted.")),
        at="name",
    )
    assert call.log.names() == ["ack", "views.update", "chat.postMessage"]
    assert "deleted" in call.log.of("chat.postMessage")[0]["text"]


def test_late_a_command_run_from_the_picker_says_done_and_answers_by_dm(call: Call) -> None:
    """The assessment picker runs the waiting command when submitted; held up past the
    deadline, the picker says "still working", then "Done", and the command's answer (the
    status, here) comes by DM as it always does from the picker."""
    units = call.services.uow

    @contextmanager
    def slow_units() -> Iterator[UnitOfWork]:
        time.sleep(SLOW / 2)  # a lock held elsewhere, a busy machine
        with units() as uow:
            yield uow

    call.context[SERVICES] = replace(call.services, uow=slow_units, deadlines=Deadlines(DEADLINE))
    picker = VIEW | {
        "callback_id": View.PICK,
        "private_metadata": PickRef(cmd="status").dump(3000),
        "blocks": [],
        "state": {"values": {PICK_BLOCK: {"value": {"selected_option": {"value": "1"}}}}},
    }

    picked(call.ack, BODY | {"view": picker}, call.client, call.context)  # type: ignore[arg-type]

    assert call.log.names()[0] == "ack" and call.ack.acks[0]["response_action"] == "update"
    assert "views.update" in call.log.names() and "chat.postMessage" in call.log.names()
    (update,) = call.log.of("views.update")
    assert "Done." in str(update["view"]["blocks"])
    (dm,) = call.log.of("chat.postMessage")
    assert dm["channel"] == DEV
