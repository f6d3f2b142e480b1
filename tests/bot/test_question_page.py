"""The question page builder: four answer buttons and a ⋯ menu per question, Add evidence when owed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from slack_sdk.models.blocks import Block

from bot.blocks.questions import COMMENT_SHOWN, question_page, slack_date
from bot.slack.ids import OPTION_VALUE_MAX, More, MoreRef, PageRef, QuestionRef
from devkit.standin import check_message_blocks
from questionnaire.conversation import ItemPage, ItemWork
from questionnaire.domain import (
    Answer,
    Assessment,
    Evidence,
    EvidenceKind,
    RequirementState,
    ReviewState,
)
from questionnaire.framework import Framework, Located
from questionnaire.loader.load import load_framework_text
from questionnaire.registry import FrameworkRegistry, bundled_dir

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
OWNER = "U0PAUL"
MENU = ["Guidance", "Add evidence", "Add a comment", "Not me (hand on)"]


def _assessment(fw: Framework, assessment_id: int = 7) -> Assessment:
    return Assessment(
        team_id="T1",
        name="Fraud",
        project="p",
        framework_id=fw.id,
        framework_version=fw.version,
        framework_hash="h",
        lead_id="U0LENA",
        channel_id="C1",
        created_at=NOW,
        id=assessment_id,
    )


def _page(fw: Framework, requirements: list[Located], page: int = 0) -> ItemPage:
    loc = requirements[0]
    work = ItemWork(loc.domain, loc.item, tuple(requirements))
    return ItemPage(work, 1, 1, page, page + 1, tuple(requirements))


def _item_with_required_evidence(fw: Framework) -> list[Located]:
    """The requirements of the first item that has one requiring evidence, at most six."""
    by_item: dict[str, list[Located]] = {}
    for loc in fw.requirements():
        by_item.setdefault(loc.item.id, []).append(loc)
    return next(
        locs[:6] for locs in by_item.values() if any(x.requirement.evidence.required for x in locs)
    )


def _page_with_and_without_evidence(fw: Framework) -> list[Located]:
    """Up to six requirements of one sub-item, the first one whose evidence is optional among
    them; the others around it (nearly all in the bundled framework) require evidence."""
    plain = next(x for x in fw.requirements() if not x.requirement.evidence.required)
    siblings = [x for x in fw.requirements() if x.subitem.id == plain.subitem.id]
    at = siblings.index(plain)
    return siblings[max(0, at - 2) :][:6]


def _rows(payload: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each question's actions elements, by requirement id."""
    return {
        b["block_id"][2:]: b["elements"]
        for b in payload["blocks"]
        if b["type"] == "actions" and b.get("block_id", "").startswith("a:")
    }


def _menu(elements: list[dict[str, Any]]) -> list[tuple[str, MoreRef]]:
    [menu] = [e for e in elements if e["type"] == "overflow"]
    assert menu["action_id"] == "more" and elements[-1] is menu  # the ⋯ comes last
    return [(o["text"]["text"], MoreRef.load(o["value"])) for o in menu["options"]]


def _build(
    fw: Framework,
    locs: list[Located],
    states: dict[str, RequirementState] | None = None,
    evidence: list[Evidence] | None = None,
    page: int = 0,
) -> dict[str, Any]:
    return question_page(
        fw, _assessment(fw), _page(fw, locs, page), states or {}, evidence or [], owner=OWNER
    )


def _met(requirement_id: str) -> RequirementState:
    return RequirementState(requirement_id, Answer.MET, answered_by=OWNER, answered_at=NOW)


def _evidence(requirement_id: str, review: ReviewState = ReviewState.PROVIDED) -> Evidence:
    return Evidence(
        7, requirement_id, EvidenceKind.LINK, OWNER, NOW, url="https://x.example/e", review=review
    )


@pytest.fixture(scope="module")
def caict() -> Framework:
    return FrameworkRegistry().get("caict-mlops-dev-mgmt")


def test_each_question_has_four_answer_buttons_and_one_menu(caict: Framework) -> None:
    locs = _item_with_required_evidence(caict)
    payload = _build(caict, locs, page=1)
    rows = _rows(payload)
    assert list(rows) == [loc.requirement.id for loc in locs] and len(rows) == 6
    for loc in locs:
        elements = rows[loc.requirement.id]
        buttons = [e for e in elements if e["type"] == "button"]
        assert [b["action_id"] for b in buttons] == [
            "answer:met",
            "answer:partial",
            "answer:not_met",
            "answer:not_applicable",
        ]
        assert [b["text"]["text"] for b in buttons] == [
            "Met",
            "Partially met",
            "Not met",
            "Not applicable",
        ]
        assert len(elements) == 5
        menu = _menu(elements)
        assert [label for label, _ in menu] == MENU
        assert [ref.v for _, ref in menu] == [
            More.GUIDANCE,
            More.EVIDENCE,
            More.COMMENT,
            More.HAND_ON,
        ]
        assert {(ref.a, ref.r, ref.p, ref.u) for _, ref in menu} == {
            (7, loc.requirement.id, 1, OWNER)
        }
    # Still one "Hand this item on" button at the bottom, and Slack accepts the whole page.
    footer = next(b for b in payload["blocks"] if b.get("block_id") == "page_footer")
    assert [e["action_id"] for e in footer["elements"]] == ["handoff_item", "none_met"]
    assert check_message_blocks(payload["blocks"]) == []
    interactive = sum(len(e) for e in rows.values()) + len(footer["elements"])
    assert interactive == 6 * 5 + 2  # was 6 * 7 + 1


def test_a_question_that_owes_evidence_shows_the_add_evidence_button(caict: Framework) -> None:
    locs = _item_with_required_evidence(caict)
    owing = next(loc for loc in locs if loc.requirement.evidence.required).requirement.id
    payload = _build(caict, locs, {owing: _met(owing)})
    elements = _rows(payload)[owing]
    assert [e.get("action_id") for e in elements] == [
        "answer:met",
        "answer:partial",
        "answer:not_met",
        "answer:not_applicable",
        "add_evidence",
        "more",
    ]
    assert elements[0].get("style") == "primary"  # the recorded answer
    add = elements[4]
    assert add["text"]["text"] == "Add evidence"
    assert QuestionRef.load(add["value"]) == QuestionRef(
        a=7, r=owing, i=locs[0].item.id, p=0, u=OWNER
    )
    assert [label for label, _ in _menu(elements)] == [
        "Guidance",
        "Add a comment",
        "Not me (hand on)",
    ]
    assert check_message_blocks(payload["blocks"]) == []
    # Nobody else on the page owes anything: they keep the plain menu.
    others = [r for r in _rows(payload) if r != owing]
    assert all([lbl for lbl, _ in _menu(_rows(payload)[r])] == MENU for r in others)


@pytest.mark.parametrize(
    ("answer", "evidence", "owes"),
    [
        (Answer.PARTIAL, [], True),
        (Answer.MET, [ReviewState.REJECTED], True),  # rejected evidence does not stand
        (Answer.MET, [ReviewState.PROVIDED], False),
        (Answer.NOT_MET, [], False),
        (Answer.NOT_APPLICABLE, [], False),
    ],
)
def test_the_button_shows_exactly_while_evidence_is_owed(
    caict: Framework, answer: Answer, evidence: list[ReviewState], owes: bool
) -> None:
    locs = _item_with_required_evidence(caict)
    rid = next(loc for loc in locs if loc.requirement.evidence.required).requirement.id
    state = RequirementState(rid, answer, answered_by=OWNER, answered_at=NOW)
    attached = [_evidence(rid, review) for review in evidence]
    elements = _rows(_build(caict, locs, {rid: state}, attached))[rid]
    visible = [e["action_id"] for e in elements if e["type"] == "button"]
    in_menu = [label for label, _ in _menu(elements)]
    assert ("add_evidence" in visible) is owes
    assert ("Add evidence" in in_menu) is not owes  # in one place, never both


def test_met_without_required_evidence_owes_nothing(caict: Framework) -> None:
    loc = next(x for x in caict.requirements() if not x.requirement.evidence.required)
    rid = loc.requirement.id
    elements = _rows(_build(caict, [loc], {rid: _met(rid)}))[rid]
    assert [label for label, _ in _menu(elements)] == MENU


def _status(payload: dict[str, Any], requirement_id: str) -> str | None:
    """The text of a question's status line (the context right below its text), if it has one."""
    blocks = payload["blocks"]
    at = next(n for n, b in enumerate(blocks) if b.get("block_id") == f"q:{requirement_id}")
    below = blocks[at + 1]
    return below["elements"][0]["text"] if below["type"] == "context" else None


def test_a_comment_shows_on_its_question_escaped_on_one_line(caict: Framework) -> None:
    locs = _page_with_and_without_evidence(caict)
    owing = next(x for x in locs if x.requirement.evidence.required).requirement.id
    plain = next(x for x in locs if not x.requirement.evidence.required).requirement.id
    comment = "We version data\n  but not <!channel> & *features*"
    states = {
        owing: RequirementState(owing, Answer.PARTIAL, comment, OWNER, NOW),
        plain: _met(plain),
    }
    payload = _build(caict, locs, states)
    assert _status(payload, owing) == (
        f":large_yellow_circle: *Partially met* by <@{OWNER}> on {slack_date(NOW)}"
        "  ·  :speech_balloon: _We version data but not &lt;!channel&gt; &amp; *features*_"
        "  ·  :warning: Evidence needed: use *Add evidence*."
    )
    assert ":speech_balloon:" not in (_status(payload, plain) or "")
    assert [label for label, _ in _menu(_rows(payload)[plain])] == MENU
    assert [label for label, _ in _menu(_rows(payload)[owing])] == [
        "Guidance",
        "Edit comment",
        "Not me (hand on)",
    ]
    assert check_message_blocks(payload["blocks"]) == []


def test_a_long_comment_is_clipped_and_a_comment_alone_leaves_the_question_open(
    caict: Framework,
) -> None:
    locs = _item_with_required_evidence(caict)
    first, second = locs[0].requirement.id, locs[1].requirement.id
    states = {
        first: RequirementState(first, Answer.NOT_MET, "é" * 999 + "&", OWNER, NOW),
        second: RequirementState(second, comment="ask ops first"),
    }
    payload = _build(caict, locs, states)
    shown = (_status(payload, first) or "").split("  ·  ")[1]
    assert shown == ":speech_balloon: _" + "é" * (COMMENT_SHOWN - 1) + "…_"
    assert _status(payload, second) == ":speech_balloon: _ask ops first_"
    assert not any(e.get("style") for e in _rows(payload)[second])  # no answer chosen
    footer = payload["blocks"][-1]["elements"][0]["text"]
    assert footer == f"1 of {len(locs)} answered on this page."
    assert check_message_blocks(payload["blocks"]) == []


def _longest_ids_framework() -> Framework:
    """The quick check with one item and requirement id at the 64-character limit ids allow."""
    data = yaml.safe_load((bundled_dir() / "mlops-quickcheck.yaml").read_text())
    item = data["domains"][0]["items"][0]
    item["id"] = "I" * 64
    item["subitems"][0]["requirements"][0]["id"] = "R" * 64
    return load_framework_text(yaml.safe_dump(data, allow_unicode=True), "long.yaml")


def test_menu_values_fit_slack_for_the_longest_ids() -> None:
    verb = max(More, key=len)  # the longest option name
    worst = MoreRef(v=verb, a=2**31 - 1, r="R" * 64, p=10_000, u="W" + "0" * 14)
    assert len(worst.option_value()) <= OPTION_VALUE_MAX

    fw = _longest_ids_framework()
    loc = fw.locate("R" * 64)
    payload = question_page(
        fw, _assessment(fw, 2**31 - 1), _page(fw, [loc], 9), {}, [], owner="U0123456789"
    )
    assert check_message_blocks(payload["blocks"]) == []
    values = [ref.option_value() for _, ref in _menu(_rows(payload)["R" * 64])]
    assert max(len(v) for v in values) <= OPTION_VALUE_MAX
    # The bundled frameworks' longest ids leave plenty of room.
    for framework_id in ("caict-mlops-dev-mgmt", "mlops-quickcheck"):
        longest = max(
            (x.requirement.id for x in FrameworkRegistry().get(framework_id).requirements()),
            key=len,
        )
        value = MoreRef(
            v=More.EVIDENCE, a=2**31 - 1, r=longest, p=9, u="U0123456789"
        ).option_value()
        assert len(value) < 100, (framework_id, value)


def test_an_oversized_menu_value_is_refused_not_sent() -> None:
    with pytest.raises(ValueError, match="over 150"):
        MoreRef(v=More.GUIDANCE, a=1, r="R" * 140).option_value()


def _footer(payload: dict[str, Any]) -> list[dict[str, Any]]:
    block = next(b for b in payload["blocks"] if b.get("block_id") == "page_footer")
    return list(block["elements"])


def test_confirm_last_times_answers_is_offered_with_the_count_only_when_some_await(
    caict: Framework,
) -> None:
    locs = _item_with_required_evidence(caict)
    ids = [loc.requirement.id for loc in locs]
    carried = {rid: replace(_met(rid), to_confirm=True) for rid in ids[:3]}
    nothing = _build(caict, locs, {ids[0]: _met(ids[0])}, page=1)
    some = _build(caict, locs, carried | {ids[3]: _met(ids[3])}, page=1)
    assert [e["action_id"] for e in _footer(nothing)] == ["handoff_item", "none_met"]
    confirm, hand_on, _ = _footer(some)
    assert confirm["text"]["text"] == "Confirm last time's answers (3)"
    assert (confirm["action_id"], hand_on["action_id"]) == ("confirm_page", "handoff_item")
    assert PageRef.load(confirm["value"]) == PageRef(a=7, i=locs[0].item.id, p=1, u=OWNER)
    assert check_message_blocks(some["blocks"]) == []


def _validated(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The blocks, after Slack's own models and the stand-in accepted each of them."""
    for block in payload["blocks"]:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()
    assert check_message_blocks(payload["blocks"]) == []
    return payload["blocks"]


def test_none_of_the_rest_is_offered_with_a_confirmation_while_two_are_open(
    caict: Framework,
) -> None:
    locs = _item_with_required_evidence(caict)
    ids = [loc.requirement.id for loc in locs]
    four_open = _build(caict, locs, {rid: _met(rid) for rid in ids[:2]}, page=1)
    button = _footer(four_open)[-1]
    assert (button["action_id"], button["text"]["text"]) == ("none_met", "None of the rest is met")
    assert len(button["text"]["text"]) <= 30
    assert button["confirm"]["text"]["text"] == (
        "Record *Not met* for the 4 open questions on this page?"
    )
    assert PageRef.load(button["value"]) == PageRef(a=7, i=locs[0].item.id, p=1, u=OWNER)
    _validated(four_open)
    one_open = _build(caict, locs, {rid: _met(rid) for rid in ids[:-1]})
    assert [e["action_id"] for e in _footer(one_open)] == ["handoff_item"]


def test_the_thread_hint_shows_while_a_question_on_the_page_owes_evidence(
    caict: Framework,
) -> None:
    locs = _item_with_required_evidence(caict)
    owing = next(loc for loc in locs if loc.requirement.evidence.required).requirement.id

    def hint(payload: dict[str, Any]) -> list[str]:
        return [
            e["text"]
            for b in _validated(payload)
            if b["type"] == "context"
            for e in b["elements"]
            if "Reply in this thread" in e["text"]
        ]

    assert hint(_build(caict, locs)) == []
    assert hint(_build(caict, locs, {owing: _met(owing)})) == [
        ":thread: Reply in this thread with a link or a file to add evidence "
        "(name the question's id if several owe it)."
    ]
    assert hint(_build(caict, locs, {owing: _met(owing)}, [_evidence(owing)])) == []
