"""A slash command whose handler outlasts Slack's wait: acked at the deadline with "working on
it", then answered through the command's response_url (a message of its own: Slack can't
replace a command's ack from there). In time, the ack alone."""

from __future__ import annotations

import time
from typing import Any, ClassVar

import pytest

from bot import deadlines
from bot.deadlines import Deadlines
from bot.listeners import invocation
from bot.listeners.invocation import CommandReply

from .fakes import FakeAck, Log

URL = "https://hooks.example/commands/T1/1/abc"


class Hook:
    """WebhookClient as CommandReply uses it: what was sent to which response_url."""

    sent: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    at: ClassVar[list[float]] = []  # when each was sent (time.monotonic())

    def __init__(self, url: str) -> None:
        self.url = url

    def send_dict(self, body: dict[str, Any]) -> Any:
        Hook.sent.append((self.url, body))
        Hook.at.append(time.monotonic())
        return type("Sent", (), {"status_code": 200, "body": "ok"})()


@pytest.fixture(autouse=True)
def hook(monkeypatch: pytest.MonkeyPatch) -> type[Hook]:
    Hook.sent, Hook.at = [], []
    monkeypatch.setattr(invocation, "WebhookClient", Hook)
    monkeypatch.setattr(deadlines, "SETTLE_SECONDS", 0.0)
    return Hook


class Services:
    def __init__(self, deadline: float = 0.05) -> None:
        self.deadlines = Deadlines(deadline)


IN_TIME = 5.0  # the deadline for a handler meant to end in time, however busy the machine


def answered(handler_seconds: float, deadline: float = 0.05, **answer: Any) -> Log:
    log = Log()
    reply = CommandReply(FakeAck(log), URL)
    with reply.running(Services(deadline)):  # type: ignore[arg-type]
        time.sleep(handler_seconds)
        reply(**answer)
    return log


def test_in_time_the_ack_alone_answers() -> None:
    log = answered(0, IN_TIME, text="Closed.")
    assert log.of("ack") == [{"text": "Closed."}] and Hook.sent == []


def test_late_working_on_it_then_the_answer_after_it() -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Closed."}}]
    log = answered(0.3, text="Closed.", blocks=blocks)

    (acked,) = log.of("ack")
    assert "Working on it" in acked["text"]
    answer = {"response_type": "ephemeral", "text": "Closed.", "blocks": blocks}
    assert Hook.sent == [(URL, answer)]


def test_late_the_answer_waits_until_the_note_is_on_its_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The note travels in the HTTP response: an answer sent at once could reach Slack first."""
    monkeypatch.setattr(deadlines, "SETTLE_SECONDS", 0.3)
    log = Log()
    noted: list[float] = []

    def ack(text: str = "", **kwargs: Any) -> None:
        noted.append(time.monotonic())
        FakeAck(log)(text, **kwargs)

    reply = CommandReply(ack, URL)  # type: ignore[arg-type]
    with reply.running(Services()):  # type: ignore[arg-type]
        time.sleep(0.3)  # well past the deadline
        reply(text="Closed.")
    assert Hook.at[0] - noted[0] >= 0.3


def test_late_with_nothing_to_say_nothing_is_sent_nor_waited_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A handler that acks empty opens a modal next: its trigger is good for three seconds."""
    monkeypatch.setattr(deadlines, "SETTLE_SECONDS", 5.0)
    reply = CommandReply(FakeAck(Log()), URL)
    with reply.running(Services()):  # type: ignore[arg-type]
        time.sleep(0.3)  # well past the deadline
        began = time.monotonic()
        reply()
        assert time.monotonic() - began < 0.5
    assert Hook.sent == []


def test_a_second_ack_in_time_is_acked_as_before() -> None:
    log = Log()
    reply = CommandReply(FakeAck(log), URL)
    with reply.running(Services(IN_TIME)):  # type: ignore[arg-type]
        reply()
        reply(text="more")
    assert log.of("ack") == [{}, {"text": "more"}] and Hook.sent == []


def test_after_a_failure_no_working_on_it() -> None:
    """The error handler answers a failure through the response_url: the deadline must not ack
    "working on it" after it."""
    log = Log()
    reply = CommandReply(FakeAck(log), URL)
    with pytest.raises(RuntimeError), reply.running(Services()):  # type: ignore[arg-type]
        raise RuntimeError("boom")
    reply._answer._deadline()  # the deadlines' thread, a moment late
    assert log.calls == [] and Hook.sent == []
