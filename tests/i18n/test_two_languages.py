"""A whole assessment with a team that reads the bot in two languages: paul and dan's Slack is
set to Chinese (zh-CN), everyone else's to English (en-US). Every DM, thread reply, modal,
Home tab and ephemeral answer each of them receives is in their language: no English sentence
reaches a Chinese reader and no Chinese an English one, apart from what people typed and the
framework's own texts. Channel posts follow the channel's language, chosen at the start
(Chinese here, though the lead reads English), not any reader's."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from bot.i18n import LANGUAGE_NAMES
from devkit.demo import scenario
from devkit.demo.harness import Harness, start
from devkit.demo.run import START
from questionnaire.framework import Framework
from tests.i18n.language import chinese_in, english_in, texts_of, untranslated

PAUL, DAN = scenario.HOLDERS["product_owner"][0], scenario.HOLDERS["data_engineer"][0]
MARIA, TESS = scenario.HOLDERS["project_manager"][0], scenario.HOLDERS["test_engineer"][0]
CHINESE = set(scenario.BILINGUAL)
CHANNEL = "channel"  # the summary channel's posts, read by whoever is in it
# What the scenario's people type: names, a comment, evidence titles, messages and file names.
TYPED = (
    scenario.ASSESSMENT,
    scenario.PROJECT,
    scenario.PARTIAL_COMMENT,
    "evidence page",
    "Dashboard for",
    "here you go",
    "the test plan for both",
    "test-plan",
    "and the report",
    "test report",
)
VIEWED = ("ephemeral", "response", "modal", "modal-update", "modal-push", "home")
Received = dict[str, list[str]]


def _more_requests(h: Harness, user_id: str) -> list[Any]:
    """What a person may also ask after the assessment: commands (one unknown), Home, a DM to
    the bot."""
    words = ("help", "list", "language", "status")
    acks = [h.users.slash_command(user_id, text).body for text in words]
    acks.append(h.users.slash_command(user_id, "frobnicate").body)
    h.users.app_home_opened(user_id)
    dm = h.slack.dm_channel(user_id)
    h.users.event(
        {
            "type": "message",
            "channel": dm,
            "channel_type": "im",
            "user": user_id,
            "text": "hello?",
            "ts": f"{h.clock.now().timestamp():.6f}",
        }
    )
    return acks


def _settings_refused(h: Harness, user_id: str) -> Any:
    """Someone who is not the lead asks for the settings: refused, and told why."""
    return h.users.slash_command(user_id, f'settings "{scenario.ASSESSMENT}"').body


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Received, Framework]:
    """The demo's assessment, played once; what each person received, and the framework."""
    database: Path = tmp_path_factory.mktemp("two-languages") / "demo.sqlite3"
    received: Received = defaultdict(list)
    with start(f"sqlite:///{database}", START) as h:
        outcome = scenario.play(h, seed=7, locales=scenario.BILINGUAL, channel_language="zh")
        for user_id in (PAUL, MARIA):
            for ack in [*_more_requests(h, user_id), _settings_refused(h, user_id)]:
                if isinstance(ack, dict):
                    received[user_id] += texts_of(ack)
        with h.services.uow() as uow:
            assessment = uow.assessments.get(h.team_id, outcome.assessment_id)
            assert assessment is not None
            framework = uow.frameworks.load(assessment.framework_hash)
        ws = h.slack.workspace
        for posted in ws.posted:
            channel = ws.channels.get(posted.channel)
            if posted.kind in VIEWED:
                reader = posted.user
            elif posted.kind in ("post", "update") and channel is not None and channel.is_im:
                reader = channel.dm_user
            elif posted.kind in ("post", "update") and posted.channel == scenario.CHANNEL[0]:
                reader = CHANNEL  # what the summary channel reads
            else:  # deletions, files, users' clicks
                continue
            if reader:
                received[reader] += [posted.text, posted.title, *texts_of(posted.blocks)]
    return dict(received), framework


def test_every_person_received_dms_modals_and_answers(
    played: tuple[Received, Framework],
) -> None:
    received, _ = played
    for user_id in (PAUL, DAN, MARIA, TESS):
        assert len(received[user_id]) > 50, user_id
    channel = "\n".join(received[CHANNEL])  # kickoff, summaries and their threads, in Chinese
    assert "成熟度评估已开始" in channel and "成熟度总结" in channel
    # The Chinese readers were asked, answered, and saw modals and Home in Chinese.
    paul = "\n".join(received[PAUL])
    assert "已满足" in paul and "添加证据" in paul and "继续" in paul
    assert "转交" in "\n".join(received[DAN])
    assert "Add evidence" in "\n".join(received[MARIA])


@pytest.mark.parametrize("user_id", [*sorted(CHINESE), CHANNEL])
def test_no_english_sentence_reaches_a_chinese_reader(
    played: tuple[Received, Framework], user_id: str
) -> None:
    received, framework = played
    allowed = [*TYPED, *untranslated(framework, "zh")]
    found = {text: runs for text in received[user_id] if (runs := english_in(text, allowed))}
    assert found == {}


@pytest.mark.parametrize("user_id", [MARIA, TESS, scenario.LEAD[0]])
def test_no_chinese_reaches_an_english_reader(
    played: tuple[Received, Framework], user_id: str
) -> None:
    received, _ = played
    # a language's name is written in that language wherever languages are offered
    names = [*TYPED, *LANGUAGE_NAMES.values()]
    found = {text: runs for text in received[user_id] if (runs := chinese_in(text, names))}
    assert found == {}
