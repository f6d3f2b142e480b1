"""Slack contract tests: signed requests through the real app, bad input, permissions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import event

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import plain_text_value, users_value
from questionnaire.domain import Answer, Evidence, EvidenceKind
from questionnaire.estimates import rough_time
from questionnaire.usecases.context import load_view
from storage.uow import SqlUnitOfWork

LEAD, PAUL, EVE, DAN = (
    scenario.LEAD[0],
    scenario.HOLDERS["product_owner"][0],
    "U0EVE",
    scenario.HOLDERS["data_engineer"][0],
)


def test_unsigned_and_stale_requests_are_rejected(harness: Harness) -> None:
    assert harness.users.slash_command(LEAD, "help", bad_signature=True).status == 401
    assert harness.users.slash_command(LEAD, "help", stale=True).status == 401
    assert harness.slack.calls("chat.postMessage") == []


def test_help_and_unknown_subcommand(harness: Harness) -> None:
    ok = harness.users.slash_command(LEAD, "help")
    assert ok.status == 200 and "/maturity start" in ok.body["blocks"][0]["text"]["text"]
    unknown = harness.users.slash_command(LEAD, "frobnicate <!channel>")
    text = unknown.body["blocks"][0]["text"]["text"]
    assert "I don't know `frobnicate`" in text
    assert "<!channel>" not in str(unknown.body)


def test_start_modal_shows_field_errors_inline(harness: Harness) -> None:
    harness.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    values = {
        "name": {"value": plain_text_value("  ")},
        "project": {"value": plain_text_value("p")},
        "channel": {
            "value": {"type": "conversations_select", "selected_conversation": scenario.CHANNEL[0]}
        },
        "due_date": {"value": {"type": "datepicker", "selected_date": "2020-01-01"}},
    }
    response = harness.users.view_submission(LEAD, "start_assessment", values)
    assert response.body["response_action"] == "errors"
    assert set(response.body["errors"]) == {"name", "due_date"}
    with harness.services.uow() as uow:
        assert uow.assessments.list(harness.team_id) == []


def test_start_posts_kickoff_joins_channel_and_dms_every_owner(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    assert [c.params["channel"] for c in h.slack.calls("conversations.join")] == [
        scenario.CHANNEL[0]
    ]
    with h.services.uow() as uow:
        view = load_view(uow, h.team_id, aid)
    kickoff = h.slack.messages(scenario.CHANNEL[0])[-1]
    total = view.framework.requirement_count()
    assert f"{total} questions" in kickoff.text and "requirement" not in kickoff.text
    # each person's share with roughly how long it takes (15 s each, and 60 s per evidence)
    dans = view.routing.owned_by(DAN)
    n, owed = len(dans), sum(loc.requirement.evidence.required for loc in dans)
    share = f"{n} questions, {rough_time(n * 15 + owed * 60)}"
    assert f"<@{DAN}>: {share} (Data engineer)" in str(kickoff.blocks)
    for user_id, _, _ in scenario.HOLDERS.values():
        intro = h.slack.messages(user_id)[-1]
        assert (
            "questions" in intro.text and intro.blocks[-1]["elements"][0]["action_id"] == "continue"
        )
    intro = h.slack.messages(DAN)[-1]
    assert f"Your part: *at most {share}*. You can stop any time" in str(intro.blocks)


def test_answer_updates_the_question_in_place_and_is_stored(started: tuple[Harness, int]) -> None:
    h, assessment_id = started
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, "answer:partial", requirement=first)
    updated = next(m for m in h.slack.messages(PAUL) if m.ts == page.ts)
    assert updated.edits, "the question message is updated in place"
    assert "*Partially met* by <@U0PAUL>" in str(updated.blocks)
    with h.services.uow() as uow:
        state = uow.answers.get(h.team_id, assessment_id, first)
    assert state is not None and state.answer is Answer.PARTIAL and state.answered_by == PAUL


def test_someone_else_cannot_answer(started: tuple[Harness, int]) -> None:
    h, assessment_id = started
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    first = scenario.open_questions(h, PAUL)[0]
    button = next(
        e for b in page.blocks if b.get("block_id") == f"a:{first}" for e in b["elements"]
    )
    h.users.block_action(
        EVE, "answer:met", value=button["value"], block_id=f"a:{first}", message=page
    )
    with h.services.uow() as uow:
        assert uow.answers.get(h.team_id, assessment_id, first) is None
    note = (
        h.slack.messages(PAUL)[-1]
        if h.slack.messages(PAUL)[-1].ephemeral_to == EVE
        else h.slack.messages(EVE)[-1]
    )
    assert "is <@U0PAUL>'s" in note.text


def test_admin_and_lead_may_answer(started: tuple[Harness, int]) -> None:
    h, assessment_id = started
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    first, second = scenario.open_questions(h, PAUL)[:2]
    for user, requirement in (("U0ADMIN", first), (LEAD, second)):
        button = next(
            e for b in page.blocks if b.get("block_id") == f"a:{requirement}" for e in b["elements"]
        )
        h.users.block_action(
            user, "answer:met", value=button["value"], block_id=f"a:{requirement}", message=page
        )
    with h.services.uow() as uow:
        states = uow.answers.states(h.team_id, assessment_id)
    assert states[first].answered_by == "U0ADMIN" and states[second].answered_by == LEAD


def test_double_click_records_once_in_state_and_twice_in_history(
    started: tuple[Harness, int],
) -> None:
    h, assessment_id = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, "answer:met", requirement=first)
    scenario.click(h, PAUL, "answer:met", requirement=first)
    with h.services.uow() as uow:
        states = uow.answers.states(h.team_id, assessment_id)
        history = uow.answers.history(h.team_id, assessment_id, first)
    assert sum(1 for s in states.values() if s.answer is not None) == 1
    assert [e.subject.value for e in history].count("answer") == 2


def test_answer_click_uses_a_constant_number_of_statements(
    started_caict: tuple[Harness, int],
) -> None:
    """The database work of one click does not grow with the framework (hundreds of requirements).
    The first click of a person in a workspace listing no admins also reads whether Slack calls
    them an admin (remembered for ten minutes): it is not counted."""
    h, _ = started_caict
    scenario.click(h, PAUL, "continue")
    todo = scenario.open_questions(h, PAUL)
    scenario.click(h, PAUL, "answer:not_applicable", requirement=todo.pop())
    counts: list[int] = []
    with h.services.uow() as uow:
        assert isinstance(uow, SqlUnitOfWork)
        bind = uow.session.get_bind()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(bind, "before_cursor_execute", count)
    try:
        for requirement in todo[:3]:
            statements.clear()
            scenario.click(h, PAUL, "answer:not_applicable", requirement=requirement)
            counts.append(len(statements))
    finally:
        event.remove(bind, "before_cursor_execute", count)
    assert len(set(counts)) == 1, counts
    # The write: BEGIN, the assessment with its role holders and states (one statement), the
    # answer upserted (returning the page's evidence), its history row, the outbox row, queued
    # claimed for the listener (5; on PostgreSQL the upsert writes the history row too, and
    # BEGIN is no statement); the page update, drawn from what the write committed and read,
    # after the ack: the delivery recorded, with its BEGIN on SQLite (2). 26 before reads and
    # writes were merged, 16 before the listener delivered the page itself, 9 before the click
    # read its page's evidence, 8 before the upsert returned it. The workspace's listed admins
    # are remembered for a few seconds, the reader's locale for a minute (bot/remembered.py).
    assert counts[0] <= 7, counts


def test_a_click_and_its_page_cost_the_same_whatever_evidence_the_assessment_holds(
    started_caict: tuple[Harness, int],
) -> None:
    """A Met click and the page it redraws read the evidence of that page's questions only:
    the same statements with none and with 300 pieces of evidence elsewhere."""
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    todo = scenario.open_questions(h, PAUL)
    with h.services.uow() as uow:
        assert isinstance(uow, SqlUnitOfWork)
        bind = uow.session.get_bind()
        others = [r for r in _caict_ids(uow, aid) if r not in todo]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    def click(requirement: str) -> list[str]:
        statements.clear()
        event.listen(bind, "before_cursor_execute", count)
        try:
            scenario.click(h, PAUL, "answer:met", requirement=requirement)
        finally:
            event.remove(bind, "before_cursor_execute", count)
        return list(statements)

    owing = [r for r in todo if _needs_evidence(h, aid, r)]  # each click reads its evidence
    assert len(owing) >= 3, todo
    scenario.click(h, PAUL, "answer:met", requirement=owing[0])  # warm the caches
    before = click(owing[1])
    with h.services.uow() as uow:
        for n in range(300):
            piece = Evidence(aid, others[n % len(others)], EvidenceKind.NOTE, LEAD, h.clock.now())
            uow.evidence.add(h.team_id, replace(piece, note=str(n)))
        uow.commit()
    after = click(owing[2])
    assert len(before) == len(after), (len(before), len(after))
    reads = [s for s in after if "FROM evidence" in s]
    assert reads and all(_by_requirement(s) for s in reads), reads


def _needs_evidence(h: Harness, aid: int, requirement_id: str) -> bool:
    with h.services.uow() as uow:
        assessment = uow.assessments.get(h.team_id, aid)
        assert assessment is not None
        framework = uow.frameworks.load(assessment.framework_hash)
    return framework.locate(requirement_id).requirement.evidence.required


def _caict_ids(uow: Any, aid: int) -> list[str]:
    assessment = uow.assessments.get("T0STANDIN", aid)
    framework = uow.frameworks.load(assessment.framework_hash)
    return [loc.requirement.id for loc in framework.requirements()]


def test_evidence_link_must_be_http(started: tuple[Harness, int]) -> None:
    h, assessment_id = started
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.pick_from_menu(h, PAUL, "Add evidence", requirement=first)
    bad = h.users.view_submission(
        PAUL, "add_evidence", {"url": {"value": plain_text_value("javascript:alert(1)")}}
    )
    assert bad.body["response_action"] == "errors" and "http" in bad.body["errors"]["url"]
    good = h.users.view_submission(
        PAUL, "add_evidence", {"url": {"value": plain_text_value("https://x.example/doc")}}
    )
    assert good.status == 200
    with h.services.uow() as uow:
        assert [e.url for e in uow.evidence.for_assessment(h.team_id, assessment_id)] == [
            "https://x.example/doc"
        ]


def test_event_retries_are_handled_once(started_caict: tuple[Harness, int]) -> None:
    h, assessment_id = started_caict
    scenario.click(h, PAUL, "continue")
    first = scenario.open_questions(h, PAUL)[0]
    scenario.click(h, PAUL, "answer:met", requirement=first)
    page = h.slack.messages(PAUL)[-1]  # the page, owing evidence for `first` alone
    event_ = {
        "type": "message",
        "channel": page.channel,
        "user": PAUL,
        "text": "<https://wiki.example/a|spec>",
        "ts": "1795400000.000100",
        "thread_ts": page.ts,
    }
    h.users.event(event_, event_id="Ev1")
    h.users.event(event_, event_id="Ev1", retry_num=1)
    with h.services.uow() as uow:
        evidence = uow.evidence.for_assessment(h.team_id, assessment_id)
    assert [(e.requirement_id, e.url, e.title) for e in evidence] == [
        (first, "https://wiki.example/a", "spec")
    ]


def test_deactivated_holder_questions_go_to_the_lead(harness: Harness) -> None:
    harness.slack.add_user("U0GONE", "gone", deleted=True)
    harness.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    values = {
        "name": {"value": plain_text_value("With a leaver")},
        "project": {"value": plain_text_value("p")},
        "channel": {
            "value": {"type": "conversations_select", "selected_conversation": scenario.CHANNEL[0]}
        },
        "role:test_engineer": {"users": users_value(["U0GONE"])},
    }
    assert harness.users.view_submission(LEAD, "start_assessment", values).status == 200
    with harness.services.uow() as uow:
        assessment = uow.assessments.by_name(harness.team_id, "With a leaver")
    assert assessment is not None and "U0GONE" not in assessment.holders("test_engineer")
    assert any("U0GONE" in m.text and "come to you" in m.text for m in harness.slack.messages(LEAD))


def test_private_channel_the_bot_is_not_in_tells_the_lead(harness: Harness) -> None:
    harness.slack.add_channel(
        "G0SECRET", "secret", is_private=True, members=[LEAD], bot_member=False
    )
    harness.users.slash_command(LEAD, "start", channel_id="G0SECRET")
    values = {
        "name": {"value": plain_text_value("Secret one")},
        "project": {"value": plain_text_value("p")},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": "G0SECRET"}},
    }
    assert harness.users.view_submission(LEAD, "start_assessment", values).status == 200
    told = [
        m.text
        for m in harness.slack.messages(LEAD)
        if "couldn't post the kickoff" in (m.text or "")
    ]
    assert (told and "/invite" in told[0]) or "can't find" in told[0]


def test_user_text_is_escaped(harness: Harness) -> None:
    harness.users.slash_command(LEAD, "start", channel_id=scenario.CHANNEL[0])
    values = {
        "name": {"value": plain_text_value("Q4")},
        "project": {"value": plain_text_value("<!channel> & <https://evil|innocent>")},
        "channel": {
            "value": {"type": "conversations_select", "selected_conversation": scenario.CHANNEL[0]}
        },
    }
    assert harness.users.view_submission(LEAD, "start_assessment", values).status == 200
    kickoff = str(harness.slack.messages(scenario.CHANNEL[0])[-1].blocks)
    assert "&lt;!channel&gt; &amp; &lt;https://evil|innocent&gt;" in kickoff
    assert "<!channel>" not in kickoff


def _by_requirement(statement: str) -> bool:
    """Whether the evidence `statement` reads is narrowed to given requirements."""
    where = statement.split("FROM evidence", 1)[1]
    return "requirement_id IN" in where or "requirement_id = " in where
