"""Summary and thread blocks: Block Kit limits over the full bundled framework, levels
equal to scoring's, escaping of user text."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.blocks.summary import (
    THREAD_PAGE_BLOCKS,
    paginate,
    summary_message,
    thread_messages,
)
from devkit.standin import check_message_blocks
from questionnaire.domain import Answer, AssessmentStatus
from questionnaire.readmodels.summary import gather
from questionnaire.scoring_adapter import framework_structure
from scoring import AnswerValue, EvidenceState, Reason, evaluate

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
        assert fw.level_label(data.result.item(item.id).level) in line  # compact: `L2 · …`


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
    assert "*To reach Level 3 · Leading: " in message


def test_a_just_started_assessment_gets_a_sensible_provisional_summary() -> None:
    fw = framework()
    data = gather(view(fw, {}))
    text = _texts(summary_message(data))
    total = fw.requirement_count()
    assert "*Level 0 · Not yet Basic*" in text
    assert f"provisional: {total} of {total} questions unanswered" in text
    assert f"0 of {total} answered (0%)" in text


def test_partial_progress_is_a_named_share_not_a_score_of_5() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw), evidence_for=all_evidence(fw)))
    text = _texts(summary_message(data))
    progress = data.overall.progress
    share = f"{round(100 * progress.satisfied / progress.applicable)}%"
    assert f"{share} of the requirements up to Level 3 · Leading (the target) met" in text
    assert "progress inside a level, not a level" in text
    assert "score" not in text.lower() and " of 5" not in text


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
    step_lines = [ln for ln in text.splitlines() if re.match(r"\d\. ", ln)]
    assert len(step_lines) == 5
    steps = data.next_path().steps[:5]
    for line, step in zip(step_lines, steps, strict=True):
        assert line.startswith(f"{step.number}. `{step.requirement_id}` ")
    partial = next(step for step in data.plan.steps if step.requirement_id == first)
    assert partial.kind_label == "practice (partially met)"
    owners = [step.owner for step in steps]
    for i, (line, owner) in enumerate(zip(step_lines, owners, strict=True)):
        assert (f"(<@{owner}>)" in line) is (owners.index(owner) == i)  # mentioned once only
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


def _mentions(text: str) -> Counter[str]:
    return Counter(re.findall(r"<@(U[0-9A-Z]+)>", text))


def test_each_gap_owner_is_mentioned_once_per_summary_and_named_otherwise() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw), evidence_for=frozenset()))  # evidence missing everywhere
    top = {step.owner for step in data.next_path().steps[:5]}
    assert len(top) < 5  # some owner has two of the steps listed
    names = {owner: f"Name of {owner}" for owner in top}
    message = _texts(summary_message(data, names=names), mrkdwn_only=True)
    thread = "\n".join(_texts(p, mrkdwn_only=True) for p in thread_messages(data, names))
    mentions = _mentions(message) + _mentions(thread)
    assert set(mentions) == set(data.gaps_by_owner())  # everyone with a gap is pinged ...
    assert set(mentions.values()) == {1}  # ... exactly once
    assert set(_mentions(message)) == top
    for owner in top:  # named in the thread's by-owner list instead
        assert f"• Name of {owner}: " in thread


def test_message_and_thread_count_the_same_gaps() -> None:
    fw = framework()
    answers = dict(list(mixed(fw).items())[:3])  # an early preview: nearly everything open
    data = gather(view(fw, answers))
    message = _texts(summary_message(data, preview=True))
    thread = "\n".join(_texts(p) for p in thread_messages(data))
    total = len(data.gaps)
    unanswered = sum(1 for g in data.gaps if g.reason is Reason.UNANSWERED)
    assert 0 < unanswered < total
    assert f"{total} in all to Level 3 · Leading" in message  # every gap is a step of the plan
    assert f"*The plan toward Level 3 · Leading* ({total} steps" in thread
    per_item = [int(n) for n in re.findall(r"answered · (\d+) gaps?", thread)]
    assert sum(per_item) == total
    per_owner = [
        int(n)
        for n in re.findall(r"(\d+) (?:not met|partially met|evidence missing|unanswered)", thread)
    ]
    assert sum(per_owner) == total


def test_without_answered_gaps_the_message_still_counts_the_open_ones() -> None:
    data = gather(view(framework(), {}))
    text = _texts(summary_message(data))
    steps = len(data.next_path().steps)
    assert f"*To reach Level 1 · Basic: {steps} steps: {steps} to answer*" in text


def test_reasons_per_owner_are_counted_in_a_fixed_order() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw, share=0.7)))
    thread = "\n".join(_texts(p) for p in thread_messages(data))
    order = ["not met", "partially met", "evidence missing", "unanswered"]
    owner_rows = [ln for ln in thread.splitlines() if re.match(r"• .*: \d+ [a-z]", ln)]
    assert owner_rows
    seen_all = False
    for row in owner_rows:
        reasons = re.findall(r"\d+ (not met|partially met|evidence missing|unanswered)", row)
        assert reasons == sorted(reasons, key=order.index), row
        seen_all = seen_all or len(reasons) == 4
    assert seen_all  # the order was tested on a row with every reason


def test_a_closed_assessment_with_open_questions_says_so() -> None:
    fw = framework()
    current = view(fw, mixed(fw), status=AssessmentStatus.COMPLETED)
    data = gather(current)
    payload = summary_message(data, final=True)
    text = _texts(payload)
    c = data.completion
    assert payload["blocks"][0]["text"]["text"].startswith("Final maturity summary")
    assert f"_Closed with {c.unanswered} of {c.total} questions unanswered._" in text
    assert "provisional" not in text


# How many of the framework's `total` questions are answered, and the share the summary shows.
SHARES = {
    "none": (lambda total: 0, "(0%)"),
    "one": (lambda total: 1, "(<1%)"),
    "half": (lambda total: total // 2, "(50%)"),
    "all but one": (lambda total: total - 1, "(>99%)"),
}


@pytest.mark.parametrize("case", SHARES)
def test_the_answered_share_never_rounds_to_a_false_0_or_100(case: str) -> None:
    fw = framework()
    count, shown = SHARES[case]
    total = fw.requirement_count()
    answered = count(total)
    answers = dict(list(staircase(fw, 5).items())[:answered])
    text = _texts(summary_message(gather(view(fw, answers))))
    assert f"{answered} of {total} answered {shown}" in text


def test_the_thread_has_a_header_per_domain_and_a_legend() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw)))
    pages = thread_messages(data)
    blocks = [b for p in pages for b in p["blocks"]]
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert headers == [d.name.en for d in fw.domains]
    legend = blocks[1]["elements"][0]["text"]
    assert legend.startswith("L = level reached · % = requirements up to Level 3 · Leading met")
    item_lines = [b["text"]["text"] for b in blocks if b["type"] == "section"][1:]
    assert all(not line.startswith(f"*{d.name.en}*") for d in fw.domains for line in item_lines)


def test_one_level_label_long_for_headlines_short_for_rows() -> None:
    fw = framework()
    assert fw.level_label(3, long=True) == "Level 3 · Leading"
    assert fw.level_label(3) == "L3 · Leading"
    assert fw.level_label(0, long=True) == "Level 0 · Not yet Basic"
    assert fw.level_label(0) == "L0 · Not yet Basic"
    data = gather(view(fw, {}))
    assert data.overall.label == "Level 0 · Not yet Basic"
    assert data.domains[0].short_label == "L0 · Not yet Basic"
    assert "L0 · Not yet Basic" in _texts(summary_message(data))  # the domains' compact rows


def test_the_thread_carries_the_whole_plan_with_guidance_and_good_evidence() -> None:
    fw = framework()
    data = gather(view(fw, mixed(fw), evidence_for=frozenset()))
    thread = "\n".join(_texts(p) for p in thread_messages(data))
    steps = data.plan.steps
    assert f"*The plan toward Level 3 · Leading* ({len(steps)} steps" in thread
    assert all(
        f"*{s.number}.* {':zap: ' if s.quick_win else ''}`{s.requirement_id}`" in thread
        for s in steps
    )
    first = fw.locate(steps[0].requirement_id).requirement
    assert " ".join(first.guidance.en.split())[:60] in thread
    assert first.evidence.examples and first.evidence.examples[0].en in thread
