"""The language checker the journey test relies on finds what it should, and only that."""

from __future__ import annotations

from questionnaire.registry import FrameworkRegistry
from tests.i18n.language import chinese_in, english_in, texts_of, untranslated


def test_an_english_sentence_in_chinese_text_is_found() -> None:
    text = "你已答完 *Fraud Q4* 中的全部问题。Evidence is still owed for 2 requirements"
    assert english_in(text) == ["Fraud Q4", "Evidence is still owed for"]
    assert english_in(text, typed=["Fraud Q4"]) == ["Evidence is still owed for"]


def test_markup_ids_commands_and_product_names_are_not_english_sentences() -> None:
    text = (
        ":white_check_mark: *已满足* · <@U123ABC> · <!date^1700000000^{date_short}|2026-12-07> "
        "<https://wiki.example/data-versioning|Data versioning spec> `RM.DA.DC.L1.1` "
        "RM.DA.DC.L2.3 可用 `/maturity holidays add 2026-12-25` 添加 · Maturity Bot · Slack 消息 "
        "https://example.com/some/long path <#C0001|general>"
    )
    assert english_in(text) == []  # "path" after the URL is a word alone


def test_a_single_english_word_is_not_a_sentence() -> None:
    assert english_in("请用 PDF 格式上传，或 Slack 消息链接") == []
    assert english_in("第 2 级 Professional") == []


def test_chinese_in_english_text_is_found_except_what_people_typed() -> None:
    text = "Started *欺诈模型* for *Payments*: 21 questions。"
    assert chinese_in(text) == ["欺诈模型", "。"]
    assert chinese_in(text, typed=["欺诈模型"]) == ["。"]
    assert chinese_in("Reminder: 3 questions open") == []


def test_payload_texts_are_the_readable_strings_only() -> None:
    payload = {
        "type": "modal",
        "callback_id": "start",
        "title": {"type": "plain_text", "text": "发起评估"},
        "blocks": [
            {
                "type": "actions",
                "block_id": "a:R1",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "answer:met",
                        "value": '{"a": 1}',
                        "text": {"type": "plain_text", "text": "已满足"},
                        "confirm": {"title": {"type": "plain_text", "text": "确认？"}},
                    }
                ],
            }
        ],
    }
    assert sorted(texts_of(payload)) == ["发起评估", "已满足", "确认？"]


def test_framework_texts_without_chinese_are_listed_for_the_check() -> None:
    framework = FrameworkRegistry().get("caict-mlops-dev-mgmt")
    missing = untranslated(framework)
    assert framework.title.en not in missing  # bilingual names
    assert all(isinstance(text, str) and text for text in missing)
