"""Reminder DMs as people receive them: scheduler ticks queue them, the courier delivers them to
the stand-in, and clicks on their buttons go back as signed requests through the real app."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.runtime.scheduler import build_scheduler, digest_tick, reminder_tick
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message
from questionnaire.framework import Framework
from questionnaire.retention import EVENT_RETENTION

LEAD = scenario.LEAD[0]  # Europe/Berlin
TESS = scenario.HOLDERS["test_engineer"][0]  # Europe/London: local 10:00 is 10:00 UTC in November
NAME = scenario.ASSESSMENT


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC moment on `day` of November 2026 (31 is 1 December); the assessment starts on
    Monday the 23rd at 09:00."""
    return datetime(2026, 11, 1, hour, minute, tzinfo=UTC) + timedelta(days=day - 1)


def tick(h: Harness, when: datetime) -> None:
    """One scheduler tick at `when`, as `serve` runs it every minute; the harness's courier
    delivers what it queued before this returns (unpaced, for speed)."""
    h.clock.set(when)
    reminder_tick(h.services, h.courier, h.courier.workspaces)


def digests(h: Harness, user_id: str) -> list[Message]:
    return [m for m in h.slack.messages(user_id) if m.text.startswith("Reminder:")]


def escalations(h: Harness) -> list[Message]:
    """The lead's DMs about people making no progress."""
    return [m for m in h.slack.messages(LEAD) if m.text.startswith(f"{NAME}: no progress")]


def shown(message: Message) -> str:
    """The text of every section of a message."""
    return "\n".join(b["text"]["text"] for b in message.blocks if b["type"] == "section")


def buttons(message: Message) -> dict[str, dict[str, Any]]:
    """action_id -> button element."""
    return {
        e["action_id"]: e
        for b in message.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    }


def framework_of(h: Harness, assessment_id: int) -> Framework:
    with h.services.uow() as uow:
        assessment = uow.assessments.get(h.team_id, assessment_id)
        assert assessment is not None
        return uow.frameworks.load(assessment.framework_hash)


def open_by_item(framework: Framework, role: str, answered: set[str]) -> list[tuple[str, int]]:
    """(item name, unanswered) for the role's items, in framework order."""
    counts: dict[str, int] = {}
    for loc in framework.requirements():
        if loc.role == role and loc.requirement.id not in answered:
            name = loc.item.name.get("en")
            counts[name] = counts.get(name, 0) + 1
    return list(counts.items())


def open_by_role(framework: Framework, role: str) -> list[str]:
    """The requirements routed to `role` (all open: nobody answered)."""
    return [loc.requirement.id for loc in framework.requirements() if loc.role == role]


def test_digest_dm_lists_open_questions_by_item_and_missing_evidence(
    started_caict: tuple[Harness, int],
) -> None:
    h, assessment_id = started_caict
    framework = framework_of(h, assessment_id)
    scenario.click(h, TESS, "continue")
    page = scenario.open_questions(h, TESS)
    owed = next(r for r in page if framework.locate(r).requirement.evidence.required)
    other = next(r for r in page if r != owed)
    scenario.click(h, TESS, "answer:met", requirement=owed)  # and no evidence follows
    scenario.click(h, TESS, "answer:not_met", requirement=other)

    tick(h, at(25, 9, 59))  # Wednesday, a minute before her local 10:00
    assert digests(h, TESS) == []
    tick(h, at(25, 10, 0))
    [digest] = digests(h, TESS)

    items = open_by_item(framework, "test_engineer", {owed, other})
    assert len(items) == 2  # two items: the DM counts each
    total = sum(n for _, n in items)
    counts = f"{total} questions open, evidence owed for 1 requirement"
    assert digest.text == f"Reminder: {counts}"
    body = shown(digest)
    assert f"*{NAME}*: {counts} · due Mon 7 Dec 2026 (12 days left)" in body
    for name, count in items:
        assert f"• {name}: {count} open" in body
    assert f"• :paperclip: evidence for `{owed}`" in body
    assert other not in body
    controls = buttons(digest)
    assert set(controls) == {"continue", "snooze:1", "snooze:7"}
    assert controls["continue"]["text"]["text"] == "Continue"  # questions are open
    assert f'"a":{assessment_id}' in controls["continue"]["value"]
    assert [controls[s]["text"]["text"] for s in ("snooze:1", "snooze:7")] == [
        "Snooze 1 day",
        "Snooze 1 week",
    ]

    scenario.click(h, TESS, "continue")  # picks up where she left off
    assert set(scenario.open_questions(h, TESS)) == set(page) - {owed, other}
    tick(h, at(25, 10, 1))  # the next tick in the same slot sends nothing more
    assert len(digests(h, TESS)) == 1


def test_lead_is_told_once_after_three_reminders_without_progress(
    started_caict: tuple[Harness, int],
) -> None:
    h, assessment_id = started_caict
    framework = framework_of(h, assessment_id)
    for day in (25, 26, 27):  # Wednesday to Friday: three reminders, no answer
        tick(h, at(day, 10))
    assert len(digests(h, TESS)) == 3 and escalations(h) == []

    tick(h, at(30, 10))  # Monday: the fourth reminder, and the lead hears about it
    # Alex and Pia (Berlin: their 10:00 slot is still fresh) are stuck too: one DM for all three.
    [escalation] = escalations(h)
    assert len(digests(h, TESS)) == 4
    assert escalation.text == f"{NAME}: no progress from 3 people after reminders"  # no raw ids
    stuck = ("algorithm_engineer", "platform_engineer", "test_engineer")
    lines = [
        f"• <@{scenario.HOLDERS[role][0]}>: {len(open_by_role(framework, role))} questions open"
        for role in stuck
    ]
    assert shown(escalation) == (
        f":rotating_light: *{NAME}*: no progress after 3 reminders from:\n" + "\n".join(lines)
    )
    assert list(buttons(escalation)) == ["reassign"]

    button = buttons(escalation)["reassign"]
    h.users.block_action(LEAD, "reassign", value=button["value"], message=escalation)
    modal = h.slack.open_modal(LEAD)
    assert modal is not None and modal.callback_id == "assign_roles"

    tick(h, at(31, 10))  # Tuesday, still stuck: once per stretch without progress
    assert len(escalations(h)) == 1 and len(digests(h, TESS)) == 5


def test_snooze_one_day_from_the_digest_skips_the_next_days_reminder(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    tick(h, at(25, 10))
    [digest] = digests(h, TESS)
    dms = len(h.slack.messages(TESS))
    h.clock.set(at(25, 10, 5))
    scenario.click(h, TESS, "snooze:1")
    assert len(h.slack.messages(TESS)) == dms  # no new DM: the digest says it, in place
    [snoozed] = [m for m in h.slack.messages(TESS) if m.ts == digest.ts]
    assert snoozed.edits == 1 and snoozed.text == digest.text
    assert set(buttons(snoozed)) == {"continue"}  # the snooze buttons are gone
    [note] = [b for b in snoozed.blocks if b["type"] == "context"]
    assert note["elements"][0]["text"].startswith(":zzz: Snoozed: no reminders until <!date^")
    assert note["elements"][0]["text"].endswith("|Thu 26 Nov 2026 10:05 UTC>.")

    for moment in (at(26, 10), at(26, 11), at(26, 17, 59)):  # Thursday's slot stays quiet
        tick(h, moment)
    assert len(digests(h, TESS)) == 1
    tick(h, at(27, 10))  # Friday: back to normal
    assert len(digests(h, TESS)) == 2


@pytest.fixture
def scheduler(started: tuple[Harness, int]) -> Iterator[BackgroundScheduler]:
    """The scheduler `serve` builds, started paused: its jobs are registered, none runs."""
    h, _ = started
    built = build_scheduler(h.services, h.courier.workspaces, h.courier)
    built.start(paused=True)
    yield built
    built.shutdown(wait=False)


def test_scheduler_registers_ticks_that_never_overlap_or_pile_up(
    scheduler: BackgroundScheduler,
) -> None:
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"reminders", "digests", "prune", "directory"}
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
    for every_minute in (jobs["reminders"], jobs["digests"]):
        assert isinstance(every_minute.trigger, IntervalTrigger)
        assert every_minute.trigger.interval.total_seconds() == 60
    daily = jobs["prune"].trigger
    assert isinstance(daily, CronTrigger)
    assert daily.get_next_fire_time(None, at(25, 12)) == at(26, 3, 17)
    nightly = jobs["directory"].trigger
    assert nightly.get_next_fire_time(None, at(25, 12)) == at(26, 2, 43)


def run_job(scheduler: BackgroundScheduler, job_id: str) -> None:
    """Run a registered job's function with the arguments the scheduler would pass."""
    job = scheduler.get_job(job_id)
    job.func(*job.args, **job.kwargs)


def test_scheduled_reminder_tick_sends_the_due_dm(
    started: tuple[Harness, int], scheduler: BackgroundScheduler
) -> None:
    h, _ = started
    h.clock.set(at(25, 10))
    run_job(scheduler, "reminders")
    assert len(digests(h, TESS)) == 1
    run_job(scheduler, "reminders")
    assert len(digests(h, TESS)) == 1


def test_scheduled_digest_tick_posts_the_weekly_digest_in_the_channel(
    started: tuple[Harness, int], scheduler: BackgroundScheduler
) -> None:
    h, _ = started
    channel = scenario.CHANNEL[0]
    before = len(h.slack.messages(channel))
    h.clock.set(at(30, 7, 59))  # Monday 08:59 in Berlin, the lead's zone: not yet
    digest_tick(h.services, h.courier, h.courier.workspaces)
    assert len(h.slack.messages(channel)) == before
    h.clock.set(at(30, 8, 0))
    run_job(scheduler, "digests")
    run_job(scheduler, "digests")  # the next tick: posted once
    posted = h.slack.messages(channel)[before:]
    assert len([m for m in posted if m.thread_ts is None]) == 1
    assert NAME in posted[0].text


def test_scheduled_prune_forgets_old_slack_event_ids(
    started: tuple[Harness, int], scheduler: BackgroundScheduler
) -> None:
    h, _ = started
    with h.services.uow() as uow:
        uow.events.first_time(h.team_id, "EvOld", at(1, 0))
        uow.events.first_time(h.team_id, "EvNew", at(25, 0))
        uow.commit()
    h.clock.set(at(25, 1))
    assert at(25, 1) - at(1, 0) > EVENT_RETENTION > at(25, 1) - at(25, 0)
    run_job(scheduler, "prune")
    with h.services.uow() as uow:
        assert uow.events.first_time(h.team_id, "EvOld", h.clock.now())  # forgotten
        assert not uow.events.first_time(h.team_id, "EvNew", h.clock.now())


def test_a_rate_limited_reminder_is_sent_after_slacks_retry_after(
    started: tuple[Harness, int],
) -> None:
    """Slack answers 429 to the first DM of the sweep: the client waits Retry-After and sends it."""
    h, _ = started
    h.slack.rate_limit("chat.postMessage", times=1, retry_after=1)
    tick(h, at(25, 10, 0))  # Wednesday 10:00 in London: Tess is due (two quiet days)
    assert len(digests(h, TESS)) == 1
    limited = [c for c in h.slack.calls("chat.postMessage") if c.status == 429]
    assert len(limited) == 1
