"""Counted nouns read correctly in the messages people get."""

from datetime import date

from bot.blocks.questions import all_done, intro, status_line
from bot.i18n import format_day as day
from bot.i18n import ngettext, speaking
from bot.slack.mrkdwn import mrkdwn_to_plain
from questionnaire.domain import Answer, RequirementState
from tests.summary.helpers import assessment, framework


def test_plural_counts() -> None:
    def questions(n: int) -> str:
        return ngettext("%(num)d question", "%(num)d questions", n) % {"num": n}

    assert [questions(n) for n in (1, 0, 2)] == ["1 question", "0 questions", "2 questions"]
    with speaking("zh-CN"):
        assert questions(2) == "2 个问题"


def test_intro_says_one_item_not_one_items() -> None:
    fw = framework()
    a = assessment(fw, id=7)
    text = intro(fw, a, 1, 15, ["Demand Analysis"], ["product_owner"])["blocks"][0]["text"]["text"]
    assert "in 1 capability item:" in text and "*at most 1 question, under a minute*" in text
    text = intro(fw, a, 5, 75, ["A", "B"], ["product_owner"])["blocks"][0]["text"]["text"]
    assert "in 2 capability items:" in text and "*at most 5 questions, about 2 min*" in text


def test_handed_on_question_reads_handed_to_you_for_its_new_owner() -> None:
    fw = framework()
    loc = fw.locate("RM.DA.FA.L3.1")
    state = RequirementState("RM.DA.FA.L3.1", delegated_to="U0PIA")
    assert status_line(loc, state, [], reader="U0PIA") == ":arrow_right: handed to you"
    assert status_line(loc, state, [], reader="U0LEAD") == ":arrow_right: handed to <@U0PIA>"
    answered = RequirementState("RM.DA.FA.L3.1", Answer.NOT_MET, delegated_to="U0PIA")
    assert "handed" not in (status_line(loc, answered, [], reader="U0PIA") or "")


def test_raw_message_text_reads_as_people_see_it() -> None:
    raw = (
        "<https://grafana.example/d|dashboard> &amp; <https://x.example> for <@U0PIA>, "
        "<@U0DAN|dan> in <#C0TALK|talk> &lt;soon&gt; <!here>"
    )
    names = {"U0PIA": "Pia"}.get
    assert mrkdwn_to_plain(raw, names) == (
        "dashboard & https://x.example for @Pia, @dan in #talk <soon> @here"
    )
    assert mrkdwn_to_plain("<@U0PIA> &amp;lt;") == "@U0PIA &lt;"  # unescaped once, not twice


def test_the_closing_message_thanks_only_who_answered_and_counts_no_zero() -> None:
    fw = framework()
    a = assessment(fw, id=7)
    thanked = all_done(fw, a, [])
    assert thanked["text"] == f"All your questions in {a.name} are answered."
    assert ":tada:" in str(thanked["blocks"])
    owed = [fw.locate("RM.DA.FA.L3.1")]
    assert "Evidence is still owed for 1 requirement." in all_done(fw, a, owed)["text"]
    handed = all_done(fw, a, [], answered=False, handed_on=True, owns=False)
    assert handed["text"] == f"You have no open questions in {a.name}. You handed yours on."
    gone = all_done(fw, a, [], answered=False, owns=False)
    assert gone["text"].endswith(f"You no longer hold a role in {a.name}.")
    assert ":tada:" not in str(handed["blocks"]) + str(gone["blocks"])


def test_dates_read_one_way() -> None:
    assert day(date(2026, 12, 7)) == "Mon 7 Dec 2026"
    with speaking("zh-CN"):
        assert day(date(2026, 12, 7)) == "2026年12月7日 周一"
