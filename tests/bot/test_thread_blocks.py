"""What the bot says in a page's thread: the picker (buttons, or a menu when there are many)
and the confirmation it is edited into. Checked by Slack's own models and the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk.models.blocks import Block

from bot.blocks.threads import BUTTONS_MAX, evidence_picker, picked
from bot.slack.ids import PICK_EVIDENCE_ACTION, KeptRef
from devkit.standin import check_message_blocks
from questionnaire.domain import Assessment
from questionnaire.registry import FrameworkRegistry

FW = FrameworkRegistry().get("caict-mlops-dev-mgmt")
ASSESSMENT = Assessment(
    team_id="T1",
    name="Fraud <Q4> & more",
    project="p",
    framework_id=FW.id,
    framework_version=FW.version,
    framework_hash="h",
    lead_id="U0LENA",
    channel_id="C1",
    created_at=datetime(2026, 11, 23, tzinfo=UTC),
    id=7,
)
IDS = [loc.requirement.id for loc in FW.requirements()]


def _checked(payload: dict[str, Any]) -> list[dict[str, Any]]:
    for block in payload["blocks"]:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()
    assert check_message_blocks(payload["blocks"]) == []
    return payload["blocks"]


def test_a_few_choices_are_buttons_with_id_and_text() -> None:
    payload = evidence_picker(FW, ASSESSMENT, 3, IDS[:2], "<https://x|the doc>")
    text, actions = _checked(payload)
    assert "Which question should I attach <https://x|the doc> to?" in text["text"]["text"]
    assert "Fraud &lt;Q4&gt; &amp; more" in payload["text"]
    buttons = actions["elements"]
    assert all(PICK_EVIDENCE_ACTION.match(b["action_id"]) for b in buttons)
    assert len({b["action_id"] for b in buttons}) == 2  # unique within the block
    assert [KeptRef.load(b["value"]) for b in buttons] == [
        KeptRef(a=7, k=3, r=rid) for rid in IDS[:2]
    ]
    assert buttons[0]["text"]["text"].startswith(f"{IDS[0]} · ")


def test_many_choices_are_one_menu() -> None:
    payload = evidence_picker(FW, ASSESSMENT, 3, IDS[: BUTTONS_MAX + 1], "1 file")
    [menu] = _checked(payload)[1]["elements"]
    assert menu["type"] == "static_select" and PICK_EVIDENCE_ACTION.match(menu["action_id"])
    assert [KeptRef.load(o["value"]).r for o in menu["options"]] == IDS[: BUTTONS_MAX + 1]


def test_the_confirmation_has_no_choices_left() -> None:
    blocks = _checked(picked(ASSESSMENT, IDS[0], "1 file"))
    assert [b["type"] for b in blocks] == ["section"]
    assert f"as evidence for `{IDS[0]}`" in blocks[0]["text"]["text"]
