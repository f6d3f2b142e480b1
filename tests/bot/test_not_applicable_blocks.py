"""Not-applicable guidance where people answer: a short line on the question page (the sub-item's
once per page), and in full in the Guidance modal."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.blocks.modals import guidance_modal
from bot.blocks.questions import NOT_APPLICABLE_SHOWN, question_page
from devkit.standin import check_message_blocks
from questionnaire.conversation import ItemPage, ItemWork
from questionnaire.domain import Assessment
from questionnaire.framework import Framework, Text
from questionnaire.loader.load import load_framework
from tests.framework.helpers import SCOPED

FW: Framework = load_framework(SCOPED)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _page(fw: Framework, item_id: str) -> dict[str, object]:
    locs = tuple(loc for loc in fw.requirements() if loc.item.id == item_id)
    page = ItemPage(ItemWork(locs[0].domain, locs[0].item, locs), 1, 1, 0, 1, locs)
    a = Assessment("T1", "Review", "p", fw.id, fw.version, "h", "U0LEAD", "C1", NOW, id=3)
    return question_page(fw, a, page, {}, [], "en", "U0PM")


def _question_texts(message: dict[str, object]) -> dict[str, str]:
    return {
        b["block_id"][2:]: b["text"]["text"]
        for b in message["blocks"]  # type: ignore[attr-defined]
        if str(b.get("block_id", "")).startswith("q:")
    }


def test_the_page_shows_the_requirements_own_line_and_the_subitems_once() -> None:
    message = _page(FW, "DATA.1")
    assert check_message_blocks(message["blocks"]) == []
    texts = _question_texts(message)
    assert texts["DATA.1.1.a"].endswith(
        "\n:heavy_minus_sign: _Not applicable when: The product takes no data in._"
    )
    assert texts["DATA.1.1.b"].endswith(
        "\n:heavy_minus_sign: _Not applicable when: Data arrives only by hand._"
    )
    assert "Not applicable when" not in texts["DATA.1.1.c"]  # the sub-item's line: once a page
    assert "Not applicable when" not in json.dumps(_page(FW, "MODEL.1"))


def test_a_long_line_is_clipped_on_the_page_and_whole_in_the_guidance_modal() -> None:
    long = "The product takes no data in <at all> & " + "really " * 60
    sub = (
        FW.domains[0].items[0].subitems[0].model_copy(update={"not_applicable_when": Text(en=long)})
    )
    item = FW.domains[0].items[0].model_copy(update={"subitems": [sub]})
    domain = FW.domains[0].model_copy(update={"items": [item]})
    fw = Framework.model_validate(
        FW.model_copy(update={"domains": [domain, *FW.domains[1:]]}).model_dump()
    )
    line = _question_texts(_page(fw, "DATA.1"))["DATA.1.1.a"].split("\n")[-1]
    assert "&lt;at all&gt; &amp;" in line
    assert len(line) < NOT_APPLICABLE_SHOWN + 80
    modal = json.dumps(guidance_modal(fw, fw.locate("DATA.1.1.a"), "en"), ensure_ascii=False)
    assert "When “not applicable” is right" in modal
    assert "really " * 59 in modal


def test_the_guidance_modal_shows_both_the_requirements_and_the_subitems_guidance() -> None:
    modal = guidance_modal(FW, FW.locate("DATA.1.1.b"), "zh")
    text = json.dumps(modal, ensure_ascii=False)
    assert "数据只能手工提供。" in text and "产品不接入数据。" in text
    assert "When “not applicable” is right" not in json.dumps(
        guidance_modal(FW, FW.locate("MODEL.1.1.a"), "en"), ensure_ascii=False
    )
