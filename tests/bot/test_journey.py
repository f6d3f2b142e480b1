"""End to end: a whole CAICT assessment through the real app, as `make demo` plays it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devkit.demo import scenario
from devkit.demo.run import DemoFiles, report_command, run
from questionnaire.adaptive import not_assessed
from questionnaire.domain import AssessmentStatus, EvidenceKind
from questionnaire.scoring_adapter import score_assessment
from questionnaire.usecases.context import load_view
from storage.engine import make_engine
from storage.uow import make_uow_factory


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[scenario.Outcome, DemoFiles, Path]:
    """The demo, played once for this module's tests."""
    output = tmp_path_factory.mktemp("demo")
    outcome, files = run(output, seed=7)
    return outcome, files, output


def test_whole_assessment_start_route_answer_evidence_remind_close(
    played: tuple[scenario.Outcome, DemoFiles, Path],
) -> None:
    outcome, files, _ = played

    uow = make_uow_factory(make_engine(f"sqlite:///{files.database}"))
    with uow() as u:
        view = load_view(u, "T0STANDIN", outcome.assessment_id)
        history = u.answers.history("T0STANDIN", outcome.assessment_id)
    assessment = view.assessment
    # Every question asked answered exactly as the simulated people clicked, routed by role;
    # adaptive questioning (on by default) left the rest as not assessed.
    assert assessment.adaptive
    assert {rid: s.answer.value for rid, s in view.states.items() if s.answer} == outcome.answers
    skipped = not_assessed(view.framework, view.states)
    assert view.framework.id == "caict-mlops-dev-mgmt"  # the whole bundled framework
    assert len(outcome.answers) + len(skipped) == view.framework.requirement_count()
    assert skipped and skipped.isdisjoint(outcome.answers)
    for loc in view.framework.requirements():
        if loc.requirement.id in skipped:
            continue
        state = view.states[loc.requirement.id]
        expected = (
            "U0PIA" if loc.requirement.id == outcome.handed_off else assessment.holders(loc.role)[0]
        )
        assert state.answered_by == expected, loc.requirement.id
    # Evidence of all three kinds, a recorded hand-off, a reminder, and a closed assessment.
    kinds = {e.kind for e in view.evidence}
    assert {EvidenceKind.LINK, EvidenceKind.FILE, EvidenceKind.MESSAGE} <= kinds
    assert any(h.subject.value == "delegation" for h in history)
    # One "partially met" answer got a comment from its ⋯ menu; the page and the report show it.
    [(commented, comment)] = outcome.commented.items()
    assert comment == scenario.PARTIAL_COMMENT and outcome.answers[commented] == "partial"
    assert {rid: s.comment for rid, s in view.states.items() if s.comment} == outcome.commented
    assert f":speech_balloon: _{comment}_" in files.transcript.read_text()
    assert files.report.read_text().count(comment) == 1
    assert outcome.reminders_sent == 1
    assert assessment.status is AssessmentStatus.COMPLETED
    # The summary posted to the channel shows the level scoring computes.
    result = score_assessment(
        view.framework, view.states, view.evidence, assessment.evidence_policy, 3, adaptive=True
    )
    assert result.overall.completion.not_assessed == len(skipped) and not result.provisional
    overall = (
        view.framework.level(result.overall.level).name.en if result.overall.level else "not yet"
    )
    assert overall.lower() in files.summary.lower()
    assert files.report.read_text().count("<html") == 1
    assert files.chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Evidence is asked for on the pages, never by a DM of its own; a reply naming no question
    # went through the picker; one page's rest was answered Not met in one click.
    transcript = files.transcript.read_text()
    assert "text: Evidence for" not in transcript and "Which question should I attach" in transcript
    assert [e.title for e in view.evidence if e.requirement_id == outcome.picked] == [
        "test-plan.pdf"
    ]
    assert len(outcome.none_met) >= 2
    assert {view.states[rid].answer.value for rid in outcome.none_met} == {"not_met"}
    assert scenario.ASSESSMENT in files.summary
    # The message budget, per person: new DMs (posts; not edits, not thread replies) are one per
    # page they answered, the intro and the closing message, the reminder the lead sent, and a
    # notice for the question handed to them. Nothing else: no DM per evidence or confirmation.
    people = {u for u, _, _ in scenario.HOLDERS.values()}
    for user_id, inbox in outcome.inboxes.items():
        assert inbox.over_budget() == [], (user_id, inbox)
        if user_id in people:
            assert (inbox.posts["intro"], inbox.posts["closing"]) == (1, 1), user_id
            assert inbox.posts["reminder"] <= 1, user_id  # the one `/maturity remind`
            asked = sum(1 for s in view.states.values() if s.answered_by == user_id)
            assert inbox.posts["page"] <= asked, user_id  # never a page without a question
        else:  # the lead holds no role here: her command's answers are ephemeral, not DMs
            assert inbox.new_messages == 0, (user_id, inbox)
    # The question Dan handed on came to Pia as a page saying so (one message), and her Start
    # re-rendered that page instead of posting it again.
    [handed] = [t for t in files.transcript.read_text().split("\n\n") if "<@U0DAN> handed you" in t]
    assert "--- DM @pia · message" in handed and outcome.handed_off in handed
    assert outcome.inboxes["U0DAN"].new_messages <= 14  # 58 before evidence moved to the page


def test_the_demo_reads_as_in_slack_with_the_plan_a_trend_and_the_portfolio(
    played: tuple[scenario.Outcome, DemoFiles, Path],
) -> None:
    _, files, output = played
    summary = files.summary
    assert "<@" not in summary and "*" not in summary and "&lt;" not in summary  # as rendered
    assert re.search(r"^To reach Level 2 · Professional: \d+ steps: ", summary, re.MULTILINE)
    assert "@maria" in summary and "score" not in summary.lower()
    assert re.search(r"^1\. .* → ", summary, re.MULTILINE)  # the first step says what it unlocks
    # The re-assessment did the steps the summary listed to the next level, and rose.
    assert files.sequel.followed
    assert "Level 2 · Professional ▲1" in files.resummary
    assert "Compared with Fraud detection Q4 2026: Level 1 · Basic." in files.resummary
    assert files.portfolio.count("(target 3)") == 2 and "overall 🟧2▲1" in files.portfolio
    command = report_command(files, output)
    assert command.startswith(f"DATABASE_URL=sqlite:///{files.database} maturity-bot report ")
    assert "'Fraud detection Q4 2026' -f html" in command
