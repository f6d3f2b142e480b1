"""Counted nouns read correctly in the messages people get."""

from bot.blocks.questions import intro
from bot.text import plural
from tests.summary.helpers import assessment, framework


def test_plural_counts() -> None:
    assert plural(1, "question") == "1 question"
    assert plural(0, "question") == "0 questions"
    assert plural(2, "capability item") == "2 capability items"
    assert plural(3, "person", "people") == "3 people"


def test_intro_says_one_item_not_one_items() -> None:
    fw = framework()
    a = assessment(fw, id=7)
    text = intro(fw, a, 1, ["Demand Analysis"], ["product_owner"])["blocks"][0]["text"]["text"]
    assert "*1 question* in 1 capability item:" in text
    text = intro(fw, a, 5, ["A", "B"], ["product_owner"])["blocks"][0]["text"]["text"]
    assert "*5 questions* in 2 capability items:" in text
