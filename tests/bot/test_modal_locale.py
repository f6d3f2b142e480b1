"""The role pickers and level choices follow DEFAULT_LOCALE, as the question pages do."""

from bot.blocks.modals import assign_modal, start_modal
from questionnaire.registry import FrameworkRegistry
from tests.summary.helpers import assessment, framework


def _labels(view: dict) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]


def test_start_modal_in_chinese_names_roles_and_levels_in_chinese() -> None:
    fw = framework()
    view = start_modal(FrameworkRegistry().list(), fw, locale="zh")
    assert "产品负责人" in _labels(view)
    target = next(b for b in view["blocks"] if b.get("block_id") == "target_level")
    assert any("专业级" in o["text"]["text"] for o in target["element"]["options"])
    assert "Product owner" in _labels(start_modal(FrameworkRegistry().list(), fw))


def test_assign_modal_in_chinese_names_roles_in_chinese() -> None:
    fw = framework()
    view = assign_modal(fw, assessment(fw), "{}", "zh")
    assert "数据工程师" in _labels(view)
