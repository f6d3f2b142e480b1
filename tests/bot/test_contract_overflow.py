"""Contract tests: each question's ⋯ menu (Guidance, Add evidence, Not me; comments are in
test_contract_comments.py) through the signed app, the Add evidence button a question shows while
it owes evidence, and the buttons of older pages."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import MessageRef, QuestionRef
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, plain_text_value

from .steps import EVE, MARIA, PAUL, page_of, told, view_of

HAND_TO_MARIA = {"user": {"value": {"type": "users_select", "selected_user": MARIA}}}
LINK = {"url": {"value": plain_text_value("https://wiki.example/requirements")}}
COMMENT = "Add a comment"


def _first_question(h: Harness) -> str:
    scenario.click(h, PAUL, "continue")
    return scenario.open_questions(h, PAUL)[0]


def _row(page: Message, requirement: str) -> list[str]:
    """How a question's actions read: button labels, then `⋯ a|b` for its menu."""
    block = next(b for b in page.blocks if b.get("block_id") == f"a:{requirement}")
    return [
        e["text"]["text"]
        if e["type"] == "button"
        else "⋯ " + "|".join(o["text"]["text"] for o in e["options"])
        for e in block["elements"]
    ]


def _submit(h: Harness, user_id: str, callback_id: str, values: dict[str, Any]) -> None:
    """Submit the user's open modal; it must be accepted (no errors shown)."""
    response = h.users.view_submission(user_id, callback_id, values)
    assert response.status == 200 and not response.body, response.body


def _evidence(h: Harness, aid: int) -> list[tuple[str, str | None]]:
    return [(e.requirement_id, e.url) for e in view_of(h, aid).evidence]


def test_guidance_from_the_menu_opens_the_guidance_modal(started: tuple[Harness, int]) -> None:
    h, aid = started
    first = _first_question(h)
    scenario.pick_from_menu(h, PAUL, "Guidance", requirement=first)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.title == "Guidance"
    guidance = view_of(h, aid).framework.locate(first).requirement.guidance.en
    assert first in str(modal.body["blocks"]) and guidance[:60] in str(modal.body["blocks"])


def test_add_evidence_from_the_menu_attaches_and_refreshes_the_page(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    first = _first_question(h)
    page = page_of(h, PAUL)
    scenario.pick_from_menu(h, PAUL, "Add evidence", requirement=first)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.callback_id == "add_evidence" and first in str(modal.body)
    dms = len(told(h, PAUL))
    _submit(h, PAUL, "add_evidence", LINK)
    assert _evidence(h, aid) == [(first, "https://wiki.example/requirements")]
    refreshed = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    assert "wiki.example/requirements" in str(refreshed.blocks)  # the same page, updated
    assert len(told(h, PAUL)) == dms  # the page is the confirmation: no DM says it again


def test_not_me_from_the_menu_hands_the_question_on(started: tuple[Harness, int]) -> None:
    h, aid = started
    first = _first_question(h)
    second = scenario.open_questions(h, PAUL)[1]
    scenario.pick_from_menu(h, PAUL, "Not me (hand on)", requirement=first)
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.callback_id == "hand_off" and first in str(modal.body)
    _submit(h, PAUL, "hand_off", HAND_TO_MARIA)
    assert view_of(h, aid).routing.owner(first) == MARIA
    assert scenario.open_questions(h, PAUL)[0] == second  # Paul's page refreshed without it
    assert first in scenario.open_questions(h, MARIA)


def test_an_outsider_using_the_menu_is_refused_like_with_the_old_button(
    started: tuple[Harness, int],
) -> None:
    h, aid = started
    first = _first_question(h)
    page = page_of(h, PAUL)
    refusal = (
        f"Question `{first}` is <@{PAUL}>'s. Only they, other holders of its role, the lead "
        "and admins can answer it."
    )

    scenario.pick_from_menu(h, EVE, "Add evidence", requirement=first, page=page)
    assert h.slack.open_modal(EVE) is None
    by_menu = told(h, EVE)[-1]
    assert refusal in by_menu and by_menu.startswith(":no_entry:")
    old = QuestionRef(a=aid, r=first, i=view_of(h, aid).framework.locate(first).item.id).dump()
    h.users.block_action(EVE, "add_evidence", value=old, block_id=f"a:{first}", message=page)
    assert told(h, EVE)[-1] == by_menu  # the same ephemeral refusal, word for word
    assert h.slack.open_modal(EVE) is None

    # "Not me" is refused at once too, and a forged submission when it is submitted.
    scenario.pick_from_menu(h, EVE, "Not me (hand on)", requirement=first, page=page)
    assert h.slack.open_modal(EVE) is None and told(h, EVE)[-1] == by_menu
    meta = MessageRef(a=aid, r=first).dump()
    forged = h.users.view_submission(EVE, "hand_off", HAND_TO_MARIA, private_metadata=meta)
    assert "is @Paul's" in forged.body["errors"]["user"]
    assert view_of(h, aid).routing.owner(first) == PAUL and _evidence(h, aid) == []


def test_a_question_owing_evidence_shows_the_button_until_evidence_comes(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    framework = view_of(h, aid).framework
    owing = next(
        r
        for r in scenario.open_questions(h, PAUL)
        if framework.locate(r).requirement.evidence.required
    )
    page = page_of(h, PAUL)
    answers = ["Met", "Partially met", "Not met", "Not applicable"]
    assert _row(page, owing) == [*answers, f"⋯ Guidance|Add evidence|{COMMENT}|Not me (hand on)"]

    scenario.click(h, PAUL, "answer:met", requirement=owing)
    page = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    assert _row(page, owing) == [*answers, "Add evidence", f"⋯ Guidance|{COMMENT}|Not me (hand on)"]

    # The page's own button (not the evidence prompt's) opens the modal; the page updates.
    block = next(b for b in page.blocks if b.get("block_id") == f"a:{owing}")
    button = next(e for e in block["elements"] if e.get("action_id") == "add_evidence")
    h.users.block_action(
        PAUL, "add_evidence", value=button["value"], block_id=f"a:{owing}", message=page
    )
    _submit(h, PAUL, "add_evidence", LINK)
    page = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    assert _row(page, owing) == [*answers, f"⋯ Guidance|Add evidence|{COMMENT}|Not me (hand on)"]
    assert _evidence(h, aid) == [(owing, "https://wiki.example/requirements")]


def test_the_buttons_of_pages_posted_before_the_menu_still_work(
    started: tuple[Harness, int],
) -> None:
    """A page posted by the previous version has Guidance, Add evidence and Not me buttons."""
    h, aid = started
    first = _first_question(h)
    page = page_of(h, PAUL)
    item = view_of(h, aid).framework.locate(first).item.id
    old = QuestionRef(a=aid, r=first, i=item, p=0, u=PAUL).dump()

    def click_old(action_id: str) -> None:
        h.users.block_action(PAUL, action_id, value=old, block_id=f"a:{first}", message=page)

    click_old("guidance")
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.title == "Guidance" and first in str(modal.body)

    click_old("add_evidence")
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.callback_id == "add_evidence"
    _submit(h, PAUL, "add_evidence", LINK)
    assert _evidence(h, aid) == [(first, "https://wiki.example/requirements")]
    assert "wiki.example" in str(next(m for m in h.slack.messages(PAUL) if m.ts == page.ts).blocks)

    click_old("handoff")
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and modal.callback_id == "hand_off"
    _submit(h, PAUL, "hand_off", HAND_TO_MARIA)
    assert view_of(h, aid).routing.owner(first) == MARIA
    assert first not in scenario.open_questions(h, PAUL)
