"""The weekly digest's content: only what changed between the previous digest and this one, who
owes what (also in a quiet week), dates in the digest's time zone, within Block Kit limits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.blocks.digest import digest_message, due_text, local_date, slack_date
from devkit.standin import check_message_blocks
from questionnaire.domain import (
    Answer,
    Evidence,
    EvidenceKind,
    HistoryEntry,
    HistorySubject,
    RequirementState,
)
from questionnaire.framework import Framework
from questionnaire.readmodels.digest import DigestData, gather_digest
from questionnaire.usecases.context import AssessmentView

from .helpers import HOSTILE, PEOPLE, START, assessment, framework, staircase

BERLIN = ZoneInfo("Europe/Berlin")
SINCE = START + timedelta(days=7)  # the previous digest
UNTIL = SINCE + timedelta(days=7)  # this one


class Timeline:
    """An assessment's answers and evidence over time, as the view and the answer history."""

    def __init__(self, fw: Framework, **changes: object) -> None:
        self.fw = fw
        self.assessment = assessment(fw, **changes)
        self.states: dict[str, RequirementState] = {}
        self.history: list[HistoryEntry] = []
        self.evidence: list[Evidence] = []

    def answer(self, answers: dict[str, Answer], who: str, at: datetime) -> Timeline:
        for rid, value in answers.items():
            self.states[rid] = RequirementState(rid, value, answered_by=who, answered_at=at)
            after = json.dumps({"answer": value.value, "comment": None, "to_confirm": False})
            self.history.append(HistoryEntry(1, HistorySubject.ANSWER, who, at, rid, None, after))
            if self.fw.locate(rid).requirement.evidence.required:
                self.evidence.append(
                    Evidence(1, rid, EvidenceKind.LINK, who, at, url=f"https://x.example/{rid}")
                )
        return self

    def view(self) -> AssessmentView:
        return AssessmentView(self.assessment, self.fw, dict(self.states), list(self.evidence))

    def digest(self, since: datetime = SINCE, until: datetime = UNTIL, **kw: object) -> DigestData:
        return gather_digest(self.view(), self.history, since, until=until, tz=BERLIN, **kw)  # type: ignore[arg-type]


def _level(fw: Framework, item_id: str, level: int) -> dict[str, Answer]:
    """The requirements of one item at exactly `level`, met."""
    return {
        loc.requirement.id: Answer.MET
        for loc in fw.requirements()
        if loc.item.id == item_id and loc.requirement.level == level
    }


def _up_to(fw: Framework, level: int) -> dict[str, Answer]:
    """Every requirement up to `level` met; the rest unanswered."""
    return {k: v for k, v in staircase(fw, level).items() if v is Answer.MET}


def _text(payload: dict) -> str:
    parts = [payload["text"]]
    for block in payload["blocks"]:
        parts.append(block.get("text", {}).get("text", ""))
        parts += [e.get("text", "") for e in block.get("elements", [])]
    return "\n".join(parts)


def _valid(payload: dict) -> None:
    assert check_message_blocks(payload["blocks"]) == []
    assert len(payload["blocks"]) <= 50


def test_only_work_between_the_previous_digest_and_this_one_counts() -> None:
    fw = framework()
    timeline = Timeline(fw).answer(_up_to(fw, 1), "U0PO", START + timedelta(hours=1))
    timeline.answer(_level(fw, "DE.DC", 2), "U0PM", SINCE + timedelta(days=1))  # this week
    timeline.answer(_level(fw, "RM.DA", 2), "U0TEST", UNTIL + timedelta(seconds=1))  # after
    digest = timeline.digest()
    week = len(_level(fw, "DE.DC", 2))
    assert digest.newly_answered == {"U0PM": week}
    assert digest.evidence_added == sum(
        1 for rid in _level(fw, "DE.DC", 2) if fw.locate(rid).requirement.evidence.required
    )
    text = _text(digest_message(digest))
    assert f"*{week}* questions answered: <@U0PM> {week}" in text
    assert "U0TEST> " not in text.split("Still open")[0]  # after `until`: the next digest's


def test_level_changes_per_item_and_gaps_closed_are_shown_with_arrows() -> None:
    fw = framework()
    timeline = Timeline(fw).answer(staircase(fw, 1), "U0PO", START + timedelta(hours=1))
    timeline.answer(_level(fw, "DE.DC", 2), "U0PM", SINCE + timedelta(days=1))
    down = next(iter(_level(fw, "RM.DA", 1)))
    timeline.answer({down: Answer.NOT_MET}, "U0PO", SINCE + timedelta(days=2))
    digest = timeline.digest()
    changes = {c.name: (c.before, c.after, c.arrow) for c in digest.level_changes}
    assert changes["Data Collection"] == (1, 2, "▲")
    assert changes["Demand Analysis"] == (1, 0, "▼")
    assert changes["Overall"] == (1, 0, "▼")
    changed = len(_level(fw, "DE.DC", 2)) + 1  # all were answered (not met above L1) before
    assert digest.changed_answers == changed and not digest.newly_answered
    text = _text(digest_message(digest))
    assert "• Data Collection: L1 → L2 ▲" in text
    assert "• Demand Analysis: L1 → L0 ▼" in text
    assert f"{changed} answers changed" in text
    assert f"{len(digest.delta.gaps_closed)} closed" in text and digest.delta.gaps_closed


def test_a_quiet_week_still_names_who_owes_what_and_the_due_date() -> None:
    fw = framework()
    due = (UNTIL.astimezone(BERLIN) + timedelta(days=5)).date()
    theirs = {
        rid: answer
        for rid, answer in staircase(fw, 1).items()
        if fw.locate(rid).role == "product_owner"
    }
    timeline = Timeline(fw, due_date=due).answer(theirs, "U0PO", START + timedelta(hours=1))
    digest = timeline.digest()
    assert digest.quiet and digest.days_left == 5
    payload = digest_message(digest)
    _valid(payload)
    text = _text(payload)
    left = fw.requirement_count() - len(theirs)
    assert "*No progress this week:* nothing was answered or added since" in text
    assert f"*{left} open*" in text and "due in 5 days" in text
    owing_lines = [ln for ln in text.splitlines() if ln.startswith("• <@")]
    # Everyone but the product owner, who answered all theirs, owes answers.
    assert len(owing_lines) == len(digest.owing) == len(PEOPLE) - 1
    assert "<@U0PO>" not in "\n".join(owing_lines)
    assert all("questions" in ln and "nothing" not in ln for ln in owing_lines)
    assert sum(o.open_questions for o in digest.owing) == left
    assert "no progress since Mon 9 Mar 2026, 10:00 CET" in payload["text"]


def test_people_who_worked_this_week_are_not_marked_idle() -> None:
    fw = framework()
    timeline = Timeline(fw).answer(_level(fw, "DE.DC", 1), "U0PO", SINCE + timedelta(hours=3))
    digest = timeline.digest()
    po = next(o for o in digest.owing if o.user_id == "U0PO")
    assert po.active and po.open_questions > 0
    others = [o for o in digest.owing if o.user_id != "U0PO"]
    assert others and not any(o.active for o in others)
    lines = _text(digest_message(digest)).splitlines()
    assert "nothing this week" not in next(ln for ln in lines if "<@U0PO>:" in ln)
    assert "nothing this week" in next(ln for ln in lines if "<@U0PM>:" in ln)


def test_since_is_shown_in_the_digests_time_zone_and_as_a_slack_date() -> None:
    moment = datetime(2026, 3, 9, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert local_date(moment, BERLIN) == "Mon 9 Mar 2026, 09:00 CET"
    assert local_date(moment, ZoneInfo("Asia/Shanghai")) == "Mon 9 Mar 2026, 16:00 CST"
    token = slack_date(moment, BERLIN)
    assert token == (
        f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|Mon 9 Mar 2026, 09:00 CET>"
    )


def test_the_first_digest_covers_the_time_since_the_start() -> None:
    fw = framework()
    timeline = Timeline(fw).answer(staircase(fw, 1), "U0PO", START + timedelta(hours=1))
    digest = timeline.digest(since=START, until=SINCE, first=True)
    assert digest.newly_answered == {"U0PO": fw.requirement_count()}
    text = _text(digest_message(digest))
    assert "(the start):*" in text and "(the start of the assessment)" in text


def test_due_text_reads_naturally() -> None:
    assert due_text(None, "") == ""
    assert due_text(0, "Mon 9 Mar") == "due today (Mon 9 Mar)"
    assert due_text(1, "Tue 10 Mar") == "due tomorrow (Tue 10 Mar)"
    assert due_text(-2, "Sat 7 Mar") == "*overdue* by 2 days (Sat 7 Mar)"


def test_nothing_open_says_so_instead_of_listing_people() -> None:
    fw = framework()
    answers = staircase(fw, 5)
    timeline = Timeline(fw, due_date=date(2026, 3, 1)).answer(answers, "U0PO", SINCE)
    timeline.evidence = [replace(e, added_at=START) for e in timeline.evidence]
    digest = timeline.digest()
    assert not digest.owing
    text = _text(digest_message(digest))
    assert "Nothing open: every question is answered and all evidence is in." in text
    assert "*overdue* by" in text


def test_a_just_started_assessment_gets_a_quiet_first_digest_naming_everyone() -> None:
    fw = framework()
    digest = Timeline(fw).digest(since=START, until=SINCE, first=True)
    assert digest.quiet and not digest.level_changes
    assert sum(o.open_questions for o in digest.owing) == fw.requirement_count()
    payload = digest_message(digest)
    _valid(payload)
    text = _text(payload)
    assert "*No progress this week:*" in text and f"*{fw.requirement_count()} open*" in text
    assert "Level 0 · Not yet Basic* (provisional)" in text


def test_the_digest_fits_block_kit_for_the_whole_framework() -> None:
    fw = framework()
    timeline = Timeline(fw, name=HOSTILE).answer(_up_to(fw, 1), "U0PO", START + timedelta(hours=1))
    later = list(staircase(fw, 3).items())
    for i, person in enumerate(PEOPLE):  # everyone answers a share this week
        timeline.answer(dict(later[i :: len(PEOPLE)]), person, SINCE + timedelta(hours=i + 1))
    digest = timeline.digest()
    assert len(digest.level_changes) >= 10 and len(digest.newly_answered) == len(PEOPLE)
    payload = digest_message(digest)
    _valid(payload)
    assert "<!channel>" not in payload["text"] and "&lt;!channel&gt;" in payload["text"]
