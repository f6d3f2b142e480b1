"""Counted nouns read correctly in the messages people get."""

from datetime import date

from bot.blocks.questions import intro, status_line
from bot.text import day, plural
from questionnaire.domain import RequirementState
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


def test_handed_on_question_reads_handed_to_you_for_its_new_owner() -> None:
    fw = framework()
    loc = fw.locate("RM.DA.FA.L3.1")
    state = RequirementState("RM.DA.FA.L3.1", delegated_to="U0PIA")
    assert status_line(loc, state, [], reader="U0PIA") == ":arrow_right: handed to you"
    assert status_line(loc, state, [], reader="U0LEAD") == ":arrow_right: handed to <@U0PIA>"


def test_dates_read_one_way() -> None:
    assert day(date(2026, 12, 7)) == "Mon 7 Dec 2026"
