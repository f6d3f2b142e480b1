"""Slack contract: the channel language through the real app. The start modal offers it with
the lead's language first; an assessment started in Chinese posts its kickoff, and at the end
its summary, chart, thread and completion note, in Chinese; one started in English posts no
Chinese."""

from __future__ import annotations

import random
from typing import Any

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, plain_text_value
from questionnaire.framework import Framework
from tests.i18n.language import CJK, english_in, untranslated

from .conftest import QUICKCHECK
from .forms import initial_state

LEAD, CHANNEL = scenario.LEAD[0], scenario.CHANNEL[0]
NAME, PROJECT = "Churn 2026", "Churn model"


def _texts(message: Message) -> str:
    parts = [message.text or ""]
    for block in message.blocks or []:
        parts.append((block.get("text") or {}).get("text", ""))
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e.get("text", "") for e in block.get("elements", [])]
    return "\n".join(parts)


def _start(h: Harness, language: str | None) -> tuple[int, Framework]:
    """The lead starts a quick check through the modal, `language` picked (None: untouched);
    everyone's questions go to the lead (no role holders named)."""
    h.users.slash_command(LEAD, "start", channel_id=CHANNEL)
    modal = h.slack.open_modal(LEAD)
    assert modal is not None
    changes: dict[str, Any] = {
        "name": plain_text_value(NAME),
        "project": plain_text_value(PROJECT),
        "framework": {"type": "static_select", "selected_option": {"value": QUICKCHECK}},
        "channel": {"type": "conversations_select", "selected_conversation": CHANNEL},
    }
    if language:
        changes["channel_language"] = {
            "type": "static_select",
            "selected_option": {"value": language},
        }
    values = initial_state(modal.body["blocks"], **changes)
    assert h.users.view_submission(LEAD, "start_assessment", values).status == 200
    assert not h.users.view_errors, h.users.view_errors
    with h.services.uow() as uow:
        found = uow.assessments.by_name(h.team_id, NAME)
        assert found is not None and found.id is not None
        return found.id, uow.frameworks.load(found.framework_hash)


def _answer_all(h: Harness, fw: Framework) -> None:
    scenario.click(h, LEAD, "continue")
    scenario.answer_everything(
        h,
        LEAD,
        random.Random(3),
        scenario.Outcome(),
        lambda r: fw.locate(r).requirement.level,
        lambda r: False,  # no evidence: the completion note says what is missing
    )


def test_the_modal_offers_the_languages_with_the_leads_first(harness: Harness) -> None:
    harness.users.slash_command(LEAD, "start", channel_id=CHANNEL)
    modal = harness.slack.open_modal(LEAD)
    assert modal is not None
    [block] = [b for b in modal.body["blocks"] if b.get("block_id") == "channel_language"]
    assert [o["value"] for o in block["element"]["options"]] == ["en", "zh"]
    assert block["element"]["initial_option"]["value"] == "en"  # the workspace's default


def test_a_chinese_channel_gets_every_post_in_chinese(harness: Harness) -> None:
    h = harness
    assessment_id, fw = _start(h, "zh")
    with h.services.uow() as uow:
        found = uow.assessments.get(h.team_id, assessment_id)
    assert found is not None and found.channel_locale == "zh"
    [kickoff] = h.slack.messages(CHANNEL)
    assert "成熟度评估已开始" in _texts(kickoff)
    _answer_all(h, fw)
    posts = h.slack.messages(CHANNEL)
    assert len(posts) > 3  # kickoff, chart, summary, its thread, the completion note
    assert any("成熟度总结" in _texts(m) for m in posts)
    assert any("已全部作答" in _texts(m) for m in posts)
    for post in posts:
        assert CJK.search(_texts(post)), _texts(post)
        assert english_in(_texts(post), [NAME, PROJECT, *untranslated(fw, "zh")]) == [], _texts(
            post
        )


def test_an_english_channel_gets_no_chinese(harness: Harness) -> None:
    h = harness
    _, fw = _start(h, "en")
    _answer_all(h, fw)
    posts = h.slack.messages(CHANNEL)
    assert len(posts) > 3
    assert all(not CJK.search(_texts(m)) for m in posts)


def test_the_settings_modal_changes_the_channel_language(harness: Harness) -> None:
    h = harness
    assessment_id, _fw = _start(h, "en")
    assert h.users.slash_command(LEAD, f'settings "{NAME}"').status == 200
    view = h.slack.open_modal(LEAD)
    assert view is not None
    [block] = [b for b in view.body["blocks"] if b.get("block_id") == "channel_language"]
    assert block["element"]["initial_option"]["value"] == "en"
    zh = {"type": "static_select", "selected_option": {"value": "zh"}}
    values = initial_state(view.body["blocks"], channel_language=zh)
    assert h.users.view_submission(LEAD, "reminder_settings", values).status == 200
    with h.services.uow() as uow:
        found = uow.assessments.get(h.team_id, assessment_id)
    assert found is not None and found.channel_locale == "zh"
    h.users.slash_command(LEAD, f'settings "{NAME}"')
    again = h.slack.open_modal(LEAD)
    assert again is not None
    forged = {"type": "static_select", "selected_option": {"value": "xx"}}
    refused = h.users.view_submission(
        LEAD, "reminder_settings", initial_state(again.body["blocks"], channel_language=forged)
    )
    assert (refused.body or {}).get("errors", {}).get("channel_language")
