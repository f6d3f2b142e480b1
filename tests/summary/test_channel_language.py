"""Channel posts follow the assessment's channel language: a zh channel gets its kickoff,
summary (with chart and thread), completion note, digest and report in Chinese; an en channel
gets no Chinese. Framework texts without a Chinese version (requirement texts, guidance) and
names or ids are what English may remain."""

from __future__ import annotations

import re
from datetime import timedelta

from slack_sdk import WebClient

from bot.blocks.channel_language import CHANNEL_LANGUAGE, parse_language
from bot.blocks.digest import digest_message
from bot.blocks.kickoff import kickoff
from bot.blocks.summary import completion_note
from bot.config.services import Services
from bot.i18n import speaking
from bot.reporting import publish as summaries
from bot.reporting.render_html import render_html, render_markdown
from bot.reporting.report import build_report
from devkit.standin import SlackStandIn
from questionnaire.readmodels.digest import gather_digest
from questionnaire.readmodels.summary import gather
from questionnaire.routing import Routing
from questionnaire.usecases.start import owner_shares
from tests.i18n.language import CJK, english_in, untranslated

from .conftest import CHANNEL, LEAD, Seed
from .helpers import START, all_evidence, assessment, framework, mixed, view

NAME = "Fraud model 2026"


def _text(message) -> str:
    parts = [message.text if hasattr(message, "text") else message["text"]]
    blocks = message.blocks if hasattr(message, "blocks") else message["blocks"]
    for block in blocks:
        parts.append((block.get("text") or {}).get("text", ""))
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e.get("text", "") for e in block.get("elements", [])]
    return "\n".join(parts)


def test_a_zh_channel_gets_summary_chart_and_thread_in_chinese(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    fw = framework()
    a = seed(mixed(fw), name=NAME, channel_locale="zh-CN", target_level=3)
    summaries.publish(services, client, a, requester=LEAD)
    chart, summary, *thread = standin.messages(CHANNEL)
    assert "各能力项成熟度等级" in chart.text and "虚线圈" in chart.text
    assert "成熟度总结" in summary.text
    for message in (summary, *thread):
        text = re.sub(r"Person [A-Z0-9]+", " ", _text(message))  # the stand-in's display names
        assert english_in(text, [NAME, a.project, *untranslated(fw, "zh")]) == []


def test_an_en_channel_gets_no_chinese(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    fw = framework()
    a = seed(mixed(fw), name=NAME, channel_locale="en-US", target_level=3)
    summaries.publish(services, client, a, requester=LEAD)
    messages = standin.messages(CHANNEL)
    assert messages and all(not CJK.search(_text(m)) for m in messages)


def test_kickoff_completion_and_digest_speak_the_channel_language() -> None:
    fw = framework()
    v = view(fw, mixed(fw), name=NAME, target_level=3, adaptive=True)
    shares = owner_shares(Routing(fw, v.assessment, v.states))
    for language in ("zh", "en"):
        with speaking(language) as locale:
            data = gather(v, locale=locale)
            digest = gather_digest(v, [], START, locale, until=START + timedelta(days=7))
            posts = [
                kickoff(fw, v.assessment, shares, ["test_engineer"]),
                completion_note(data),
                digest_message(digest),
            ]
        for post in posts:
            text = _text(post)
            if language == "zh":
                assert CJK.search(text)
                assert (
                    english_in(text, [NAME, v.assessment.project, *untranslated(fw, "zh")]) == []
                ), text
            else:
                assert not CJK.search(text), text


def test_the_zh_report_is_chinese_and_the_en_one_english() -> None:
    fw = framework()
    v = view(fw, mixed(fw), evidence_for=all_evidence(fw), name=NAME, target_level=3)
    zh = build_report(v, None, names={}, generated_at=START, locale="zh")
    html, md = render_html(zh), render_markdown(zh)
    assert '<html lang="zh-CN">' in html and "成熟度报告" in html and "改进计划" in html
    assert "# 成熟度报告：" in md and "## 要求" in md and "| 编号 |" in md
    en = render_markdown(build_report(v, None, names={}, generated_at=START, locale="en"))
    assert "# Maturity report:" in en and "改进计划" not in en


def test_the_channel_language_select_parses_and_refuses_forged_values() -> None:
    def picked(value: str) -> dict:
        return {CHANNEL_LANGUAGE: {"value": {"selected_option": {"value": value}}}}

    assert parse_language(picked("zh")) == "zh"
    assert parse_language({}) is None
    try:
        parse_language(picked("xx"))
    except ValueError:
        pass
    else:
        raise AssertionError("a forged language was accepted")


def test_an_assessment_without_a_channel_language_reads_the_default() -> None:
    from bot.i18n.terms import channel_locale

    fw = framework()
    assert channel_locale(assessment(fw), "zh") == "zh"
    assert channel_locale(assessment(fw, channel_locale="en"), "zh") == "en"
