"""Summary and thread blocks: Block Kit limits over the full bundled framework, levels
equal to scoring's, escaping of user text."""

from __future__ import annotations

import pytest

from bot.blocks.summary import (
    THREAD_PAGE_BLOCKS,
    paginate,
    summary_message,
    thread_messages,
)
from bot.standin import check_message_blocks
from bot.summary_data import gather, level_label
from questionnaire.domain import Answer
from questionnaire.scoring_adapter import framework_structure
from scoring import AnswerValue, EvidenceState, evaluate

from .helpers import HOSTILE, all_evidence, framework, mixed, staircase, view


def _texts(payload: dict, *, mrkdwn_only: bool = False) -> str:
    """Every text of a message and its fallback (plain_text ones too unless `mrkdwn_only`)."""
    objects = []
    for block in payload["blocks"]:
        objects += [block["text"]] if "text" in block else []
        objects += block.get("fields", []) + block.get("elements", [])
    kinds = ("mrkdwn",) if mrkdwn_only else ("mrkdwn", "plain_text")
    return "\n".join([payload["text"], *(o["text"] for o in objects if o.get("type") in kinds)])


def _assert_valid(payload: dict) -> None:
    assert check_message_blocks(payload["blocks"]) == []
    assert len(payload["blocks"]) <= 50
    assert len(payload["text"]) <= 3000


SCENARIOS = {
    "empty": lambda fw: view(fw, {}),
    "mixed with previous": lambda fw: view(
        fw, mixed(fw), evidence_for=all_evidence(fw), previous_id=0
    ),
    "all met": lambda fw: view(fw, staircase(fw, 5), evidence_for=all_evidence(fw)),
    "hostile names": lambda fw: view(fw, mixed(fw, share=1.0), name=HOSTILE, project=HOSTILE * 3),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_summary_and_thread_fit_block_kit_for_the_full_framework(scenario: str) -> None:
    fw = framework()
    assert fw.requirement_count() == 239
    current = SCENARIOS[scenario](fw)
    previous = view(fw, mixed(fw, seed=2), id=0) if current.assessment.previous_id == 0 else None
    data = gather(current, previous)
    for flags in ({}, {"preview": True}, {"final": True}):
        _assert_valid(summary_message(data, **flags))
    pages = thread_messages(data)
    for page in pages:
        _assert_valid(page)
        assert len(page["blocks"]) <= THREAD_PAGE_BLOCKS
    thread = "\n".join(_texts(p) for p in pages)
    for _domain, item in fw.items():  # every item is in the thread, with its level
        line = next(ln for ln in thread.splitlines() if ln.startswith(f"*{item.name.en}*"))
        assert level_label(fw, data.result.item(item.id).level) in line


def test_levels_in_the_summary_match_the_scoring_package() -> None:
    fw = framework()
    answers = staircase(fw, 2)  # levels 1-2 met everywhere, 3-5 not met
    current = view(fw, answers, evidence_for=all_evidence(fw))
    expected = evaluate(
        framework_structure(fw),
        {rid: AnswerValue(a.value) for rid, a in answers.items()},
        {rid: EvidenceState.PROVIDED for rid in all_evidence(fw)},
    )
    data = gather(current)
    assert data.overall.level == expected.overall.level == 2
    assert data.overall.label == "Level 2 · Professional"
    assert data.overall.score == pytest.approx(expected.overall.score)
    assert [d.level for d in data.domains] == [d.level for d in expected.domains]
    assert [i.level for i in data.items] == [i.level for i in expected.items]
    assert not data.result.provisional
    message = _texts(summary_message(data))
    assert "*Level 2 · Professional*" in message
    assert "provisional" not in message
    assert "What blocks Level 3 · Leading" in message


def test_a_just_started_assessment_gets_a_sensible_provisional_summary() -> None:
    data = gather(view(framework(), {}))
    text = _texts(summary_message(data))
    assert "Level 0 · not yet Basic" in text
    assert "provisional: 239 of 239 questions unanswered" in text
    assert "no gaps in the answers so far; 239 questions are still open" in text
    assert "0 of 239 answered" in text


def test_the_summary_says_why_a_score_can_run_ahead_of_the_level() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw), evidence_for=all_evidence(fw)))
    assert "the score adds partial credit" in _texts(summary_message(data))


def test_top_gaps_show_owners_and_deltas_show_arrows() -> None:
    fw = framework()
    previous = view(fw, staircase(fw, 1), evidence_for=all_evidence(fw), id=0, name="Last year")
    answers = staircase(fw, 2)
    first = next(loc.requirement.id for loc in fw.requirements() if loc.requirement.level == 3)
    answers[first] = Answer.PARTIAL
    current = view(fw, answers, evidence_for=all_evidence(fw), previous_id=0)
    data = gather(current, previous)
    text = _texts(summary_message(data))
    assert "*Level 2 · Professional* ▲1" in text
    assert "Compared with *Last year*: Level 1 · Basic" in text
    gap_lines = [ln for ln in text.splitlines() if ln.startswith("• `")]
    assert len(gap_lines) == 5
    assert gap_lines[0].startswith(f"• `{first}` L3") and "partially met" in gap_lines[0]
    assert all("(<@U0" in ln for ln in gap_lines)
    assert "▲" in "\n".join(_texts(p) for p in thread_messages(data))


def test_user_text_is_escaped_everywhere_it_is_mrkdwn() -> None:
    fw = framework()
    previous = view(fw, {}, id=0, name=HOSTILE)
    data = gather(view(fw, mixed(fw), name=HOSTILE, project=HOSTILE, previous_id=0), previous)
    for payload in (summary_message(data), *thread_messages(data)):
        text = _texts(payload, mrkdwn_only=True)  # plain_text (the header) is never parsed
        assert "<!channel>" not in text and "<https://evil" not in text and "<script>" not in text
    assert "&lt;!channel&gt; &amp;" in _texts(summary_message(data))


def test_paginate_splits_long_threads_and_numbers_the_pages() -> None:
    blocks = [{"type": "divider"} for _ in range(100)]
    pages = paginate("Thread", blocks)
    assert [len(p["blocks"]) for p in pages] == [45, 45, 10]
    assert [p["text"] for p in pages] == ["Thread (1/3)", "Thread (2/3)", "Thread (3/3)"]
    assert paginate("One", blocks[:3])[0]["text"] == "One"
