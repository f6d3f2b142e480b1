"""Publishing summaries and reports through a real WebClient against the Slack stand-in."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.config.clock import FixedClock
from bot.config.services import Services
from bot.delivery.courier import Courier
from bot.reporting import publish as summaries
from bot.slack.directory import Directory
from devkit.standin import SlackStandIn
from questionnaire.domain import Answer, Assessment, ReminderPolicy
from questionnaire.usecases import follow_up
from questionnaire.usecases.admin import close_assessment
from questionnaire.usecases.context import load_view
from questionnaire.usecases.digest import digest_slot, queue_weekly_digests
from tests.fakes import MemoryStore

from .conftest import CHANNEL, LEAD, Seed, workspace
from .helpers import HOSTILE, QUICKCHECK, framework, mixed, pdf_renderer_missing, staircase

PNG = b"\x89PNG\r\n\x1a\n"


def _text(message) -> str:
    parts = [message.text]
    for block in message.blocks:
        parts.append(block.get("text", {}).get("text", ""))
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e.get("text", "") for e in block.get("elements", [])]
    return "\n".join(parts)


def test_summary_posts_chart_short_message_and_thread(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    fw = framework()
    previous = seed(staircase(fw, 1), name="Last year")
    a = seed(mixed(fw), name=HOSTILE, previous_id=previous.id)
    summaries.publish(services, client, a, requester=LEAD)

    chart, summary, *thread = standin.messages(CHANNEL)
    assert chart.files and "maturity level per capability item" in chart.text
    assert "grey: the previous assessment" in chart.text and "dashed ring: the target" in chart.text
    stored = standin.file(chart.files[0])
    assert stored is not None and stored.data is not None and stored.data.startswith(PNG)
    assert summary.blocks[0]["type"] == "header" and len(summary.blocks) <= 10
    assert "Compared with *Last year*" in _text(summary)
    assert "&lt;!channel&gt;" in _text(summary) and "<!channel>" not in summary.text
    assert thread and all(m.thread_ts == summary.ts for m in thread)
    assert "*Per capability item*" in _text(thread[0])
    assert standin.messages(LEAD) == []  # nothing went wrong, nobody is told anything


def test_preview_goes_only_to_the_requester(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    a = seed(mixed(framework()))
    summaries.publish(services, client, a, requester="U0PO", preview=True)
    assert standin.messages(CHANNEL) == []
    summary, *rest = standin.messages("U0PO")
    assert summary.blocks[0]["text"]["text"].startswith("Preview · Maturity summary")
    assert "Only you can see this preview" in _text(summary)
    assert any(m.files for m in rest) and any(m.thread_ts == summary.ts for m in rest)


def test_without_files_write_the_summary_is_posted_and_the_lead_told(
    services: Services, seed: Seed
) -> None:
    a = seed(mixed(framework()))
    with workspace(files_write_scope=False) as standin:
        client = WebClient(token=standin.bot_token, base_url=standin.base_url)
        summaries.publish(services, client, a, requester="U0PO")
        posted = standin.messages(CHANNEL)
        assert posted[0].blocks[0]["type"] == "header"
        assert not any(m.files for m in posted)
        (note,) = standin.messages(LEAD)
        assert "but not its chart" in note.text and "files:write" in note.text
        assert standin.messages("U0PO") == []


def test_an_unpostable_channel_sends_the_summary_to_the_lead_and_requester(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    standin.add_channel(CHANNEL, "maturity", is_archived=True)
    a = seed(mixed(framework()))
    summaries.publish(services, client, a, requester="U0PO", final=True)
    assert standin.messages(CHANNEL) == []
    for person in (LEAD, "U0PO"):
        (dm,) = standin.messages(person)
        assert "couldn't post the summary" in _text(dm) and "archived" in _text(dm)
        assert any(b["type"] == "header" for b in dm.blocks)


def test_the_bot_joins_a_public_channel_it_is_not_in(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    standin.add_channel(CHANNEL, "maturity", bot_member=False)
    summaries.publish(services, client, seed({}), requester=LEAD)
    posted = standin.messages(CHANNEL)
    assert posted[0].files and posted[1].blocks[0]["type"] == "header"
    assert f"0 of {framework().requirement_count()} answered" in _text(posted[1])


def test_report_is_uploaded_to_the_requesters_dm(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    # The short bundled framework: the report's pages are read back in test_cli_report.
    a = seed(mixed(framework(QUICKCHECK)), framework_id=QUICKCHECK)
    summaries.send_report(services, client, a, "U0PM")
    (dm,) = standin.messages("U0PM")
    stored = standin.file(dm.files[0])
    assert stored is not None and stored.name.endswith("-maturity-report.html")
    html = (stored.data or b"").decode("utf-8")
    assert "<!DOCTYPE html>" in html and "data:image/png;base64," in html
    assert "Person LEAD" in html  # display names come from users.info
    with services.uow() as uow:  # and are remembered for reports written outside Slack
        assert uow.people.names(a.team_id)["U0LEAD"] == "Person LEAD"
    if not pdf_renderer_missing():  # the PDF next to it (test_cli_report reads PDFs back)
        pdf = standin.file(dm.files[1])
        assert pdf is not None and pdf.name.endswith("-maturity-report.pdf")
        assert (pdf.data or b"").startswith(b"%PDF-")


def test_without_the_pdf_renderer_the_html_report_goes_alone_and_says_so(
    services: Services,
    client: WebClient,
    standin: SlackStandIn,
    seed: Seed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed: import fails
    summaries.send_report(services, client, seed({}), "U0PM")
    (dm,) = standin.messages("U0PM")
    assert [standin.file(f).name for f in dm.files] == ["fraud-model-2026-maturity-report.html"]
    assert "(No PDF: this server has no PDF renderer.)" in dm.text


def _headers(standin: SlackStandIn) -> list[str]:
    return [
        m.blocks[0]["text"]["text"]
        for m in standin.messages(CHANNEL)
        if m.blocks and m.blocks[0]["type"] == "header"
    ]


def _complete_if_done(services: Services, a: Assessment) -> None:
    """What an answer click queues when it may have been the last one."""
    with services.uow() as uow:
        follow_up.complete_if_done(uow, load_view(uow, a.team_id, a.id or 0), services.clock.now())
        uow.commit()


def _close(services: Services, a: Assessment) -> None:
    close_assessment(services.uow, services.clock, a.team_id, a.id or 0, LEAD)


def test_completion_posts_the_summary_once_and_a_close_without_changes_only_says_so(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    fw = framework()
    courier = Courier(services, client, synchronous=True)
    unfinished = seed(mixed(fw))
    _complete_if_done(services, unfinished)
    assert courier.drain() == 0
    assert standin.messages(CHANNEL) == []
    done = seed(staircase(fw, 2))
    _complete_if_done(services, done)
    _complete_if_done(services, done)  # the last two answers, say: queued once
    assert courier.drain() == 1
    assert _headers(standin) == ["Maturity summary: Fraud model 2026"]  # once, when complete
    note = standin.messages(CHANNEL)[-1]
    total = fw.requirement_count()
    assert f"All {total} questions of *Fraud model 2026* are answered." in _text(note)
    assert f"<@{LEAD}> can close it with `/maturity close Fraud model 2026`" in _text(note)

    posted = len(standin.messages(CHANNEL))
    services.clock.advance(hours=1)  # type: ignore[attr-defined]
    _close(services, done)
    assert courier.drain() == 1
    [line] = standin.messages(CHANNEL)[posted:]  # the same summary is not posted twice
    assert ":lock: *Fraud model 2026* is closed. Its final result is the summary posted" in _text(
        line
    )
    assert "*Level 2 · Professional*" in _text(line)
    assert _headers(standin) == ["Maturity summary: Fraud model 2026"]


def test_a_close_after_answers_changed_posts_the_final_summary(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed, store: MemoryStore
) -> None:
    fw = framework()
    courier = Courier(services, client, synchronous=True)
    done = seed(staircase(fw, 2))
    assert done.id is not None
    _complete_if_done(services, done)
    courier.drain()
    later = services.clock.now() + timedelta(hours=1)
    first = next(iter(fw.requirements())).requirement.id
    with store.uow_factory()() as uow:
        uow.answers.record(done.team_id, done.id, first, Answer.NOT_MET, LEAD, later)
        uow.commit()
    services.clock.advance(hours=2)  # type: ignore[attr-defined]
    _close(services, done)
    courier.drain()
    assert _headers(standin) == [
        "Maturity summary: Fraud model 2026",
        "Final maturity summary: Fraud model 2026",
    ]
    final = next(m for m in standin.messages(CHANNEL) if "Final maturity summary" in _text(m))
    assert "*Level 0 · Not yet Basic*" in _text(final)  # the answer changed after completion


def _weekly(services: Services, client: WebClient, now: datetime) -> int:
    """The scheduler's digest tick at `now`, then its delivery; how many digests it queued."""
    assert isinstance(services.clock, FixedClock)
    services.clock.set(now)
    queued = queue_weekly_digests(
        services.uow, services.clock, Directory(client, services.uow, services.clock)
    )
    Courier(services, client, synchronous=True).drain()
    return queued


def test_weekly_digest_is_posted_once_per_slot_and_shows_what_changed(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed, store: MemoryStore
) -> None:
    fw = framework()
    a = seed(dict(list(staircase(fw, 1).items())[:30]))  # 30 answers on Monday 2 March
    assert a.id is not None
    created = a.created_at
    next_monday = created + timedelta(days=7)  # the lead is in Berlin: 09:00 there is 08:00 UTC
    assert _weekly(services, client, next_monday - timedelta(hours=2)) == 0
    assert _weekly(services, client, next_monday) == 1
    assert _weekly(services, client, next_monday + timedelta(hours=1)) == 0
    (first,) = standin.messages(CHANNEL)
    assert "*30* questions answered" in _text(first)
    assert "(the start):*" in _text(first)  # the first digest covers the time since the start
    assert "since Mon 2 Mar 2026, 10:00 CET" in first.text  # the lead's zone, not UTC

    with store.uow_factory()() as uow:  # five more answers during the second week
        for rid in list(staircase(fw, 1))[30:35]:
            uow.answers.record(
                a.team_id, a.id, rid, staircase(fw, 1)[rid], "U0PO", next_monday + timedelta(days=1)
            )
        uow.commit()
    assert _weekly(services, client, next_monday + timedelta(days=7)) == 1
    second = standin.messages(CHANNEL)[-1]
    assert "*5* questions answered: <@U0PO> 5" in _text(second)  # not the first week's 30
    assert f"35 of {fw.requirement_count()} answered" in _text(second)
    assert "since Mon 9 Mar 2026, 10:00 CET" in second.text  # when the first digest went out

    assert _weekly(services, client, next_monday + timedelta(days=14)) == 1
    quiet = standin.messages(CHANNEL)[-1]
    assert "*No progress this week:*" in _text(quiet)
    assert "*Still open, by person*" in _text(quiet) and "<@U0" in _text(quiet)
    assert len(standin.messages(CHANNEL)) == 3


def test_no_digest_for_an_assessment_younger_than_three_days(
    services: Services, client: WebClient, standin: SlackStandIn, seed: Seed
) -> None:
    monday = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # 09:00 in Berlin: the digest slot
    seed({}, created_at=monday - timedelta(hours=1))  # kicked off an hour before
    assert _weekly(services, client, monday) == 0
    assert _weekly(services, client, monday + timedelta(days=7)) == 1
    (first,) = standin.messages(CHANNEL)  # a week later: the first digest, from the start
    assert "(the start of the assessment)" in _text(first)
    assert "since Mon 9 Mar 2026, 08:00 CET" in first.text


def test_digest_slot_is_the_latest_weekday_time_in_the_leads_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    policy = ReminderPolicy(digest_weekday=0, digest_time=time(9, 0))
    wednesday = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
    assert digest_slot(policy, berlin, wednesday) == datetime(2026, 3, 9, 9, 0, tzinfo=berlin)
    before = datetime(2026, 3, 9, 7, 30, tzinfo=UTC)  # 08:30 in Berlin, before this week's slot
    assert digest_slot(policy, berlin, before) == datetime(2026, 3, 2, 9, 0, tzinfo=berlin)
    assert digest_slot(ReminderPolicy(digest_weekday=None), berlin, wednesday) is None
