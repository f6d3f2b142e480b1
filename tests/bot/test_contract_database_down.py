"""When the database cannot be reached, people are told their click was not saved: no false comfort."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import OperationalError

from devkit.demo import scenario
from devkit.demo.harness import Harness
from storage.engine import is_database_down

PAUL = scenario.HOLDERS["product_owner"][0]


def _database_down(*_: Any, **__: Any) -> Any:
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_an_answer_click_while_the_database_is_down_says_it_was_not_saved(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    scenario.click(h, PAUL, "continue")
    working = h.services.uow
    object.__setattr__(h.services, "uow", _database_down)  # the listeners read it per request
    try:
        scenario.click(h, PAUL, "answer:met")
    finally:
        object.__setattr__(h.services, "uow", working)
    notes = [m for m in h.slack.messages(PAUL) if m.ephemeral_to == PAUL]
    assert notes, "Paul was told nothing"
    assert "can't reach my database" in notes[-1].text
    assert "not* saved" in notes[-1].text and "is saved" not in notes[-1].text


def test_only_connection_failures_count_as_the_database_being_down() -> None:
    assert is_database_down(OperationalError("x", {}, ConnectionRefusedError()))
    assert not is_database_down(KeyError("a bug"))


def _broken(*_: Any, **__: Any) -> Any:
    raise RuntimeError("a bug")


def test_an_unexpected_failure_reassures_about_answers_only_on_question_pages(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    scenario.click(h, PAUL, "continue")
    working = h.services.uow
    object.__setattr__(h.services, "uow", _broken)
    try:
        scenario.click(h, PAUL, "answer:met")
        h.users.slash_command(PAUL, "status")
    finally:
        object.__setattr__(h.services, "uow", working)
    click_note, command_note = [m.text for m in h.slack.messages() if m.ephemeral_to == PAUL][-2:]
    assert "went wrong on my side" in click_note and "earlier answers are saved" in click_note
    assert "went wrong on my side" in command_note and "saved" not in command_note
