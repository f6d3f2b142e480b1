"""Contract: "None of the rest is met" on a page, behind Slack's confirmation, answers its open
questions Not met in one click, one history row each; a double click changes nothing more."""

from __future__ import annotations

from devkit.demo import scenario
from devkit.demo.harness import Harness
from questionnaire.domain import Answer

from .steps import PAUL, page_of, view_of


def test_one_click_answers_the_rest_not_met_and_moves_on(started: tuple[Harness, int]) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    page = page_of(h, PAUL)
    first, *rest = scenario.open_questions(h, PAUL)
    assert len(rest) >= 2
    scenario.click(h, PAUL, "answer:met", requirement=first)
    page = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    footer = next(b for b in page.blocks if b.get("block_id") == "page_footer")
    button = next(e for e in footer["elements"] if e["action_id"] == "none_met")
    assert button["text"]["text"] == "None of the rest is met"
    assert button["confirm"]["text"]["text"] == (
        f"Record *Not met* for the {len(rest)} open questions on this page?"
    )

    for _ in range(2):  # a double click: the second comes from the page as it was
        clicked = h.users.block_action(
            PAUL, "none_met", value=button["value"], block_id="page_footer", message=page
        )
        assert clicked.status == 200
    view = view_of(h, aid)
    assert [view.states[rid].answer for rid in rest] == [Answer.NOT_MET] * len(rest)
    assert view.states[first].answer is Answer.MET
    with h.services.uow() as uow:
        rows = [len(uow.answers.history(h.team_id, aid, rid)) for rid in rest]
    assert rows == [1] * len(rest)
    updated = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    assert "none_met" not in str(updated.blocks)  # nothing open: no button
    assert h.slack.messages(PAUL)[-1].ts != page.ts  # what follows (a page, or "all done")
