"""Text no database can hold (NUL, lone surrogates) is cleaned before any listener reads it."""

from __future__ import annotations

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import plain_text_value

from .steps import PAUL, page_of


def test_a_comment_with_nul_and_a_lone_surrogate_is_saved_cleaned(
    started: tuple[Harness, int],
) -> None:
    h, assessment_id = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, "answer:partial", requirement=first)
    scenario.pick_from_menu(h, PAUL, "Add a comment", requirement=first, page=page_of(h, PAUL))
    typed = "half\x00 done \ud800 so far"
    values = {"comment": {"value": plain_text_value(typed)}}
    response = h.users.view_submission(PAUL, "answer_comment", values)

    assert response.status == 200 and not response.body
    with h.services.uow() as uow:
        state = uow.answers.states(h.team_id, assessment_id)[first]
    assert state.comment == "half done \ufffd so far"


def test_a_command_with_a_nul_is_answered(started: tuple[Harness, int]) -> None:
    h, _ = started
    response = h.users.slash_command(PAUL, "status Fraud\x00 detection Q4 2026")
    assert response.status == 200
    assert "Fraud detection Q4 2026" in str(response.body)
