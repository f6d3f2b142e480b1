"""The reminder sweep's timing: local hour, cadence, holidays, grace, snooze, catch-up, retries."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import time, timedelta

from questionnaire.domain import Answer, ReminderPolicy
from questionnaire.reminders.sweep import Person, run_sweep

from .world import DEV, MON, OPS, TEAM, World, at, days

HOUR = timedelta(hours=1)


def test_each_person_at_their_local_ten_and_not_before() -> None:
    world = World()
    world.add()
    assert world.sweep(at(MON, 1, 59)).sent == 0  # 09:59 in Shanghai
    report = world.sweep(at(MON, 2))  # 10:00 in Shanghai, 21:00 on Sunday in New York
    assert (report.sent, report.considered) == (1, 2)
    assert [u for _, u, _ in world.sent()] == [DEV]
    assert world.sweep(at(MON, 14, 59)).sent == 0  # 09:59 in New York
    assert world.sweep(at(MON, 15)).sent == 1
    assert [u for _, u, _ in world.sent()] == [DEV, OPS]


def test_ticking_every_minute_sends_once_a_day() -> None:
    world = World()
    world.add()
    world.sweep_every(at(MON, 0), at(MON + days(1), 0), timedelta(minutes=1))
    assert [(t, u) for t, u, _ in world.sent()] == [(at(MON, 2), DEV), (at(MON, 15), OPS)]


def test_weekends_and_holidays_are_skipped() -> None:
    world = World()
    world.add(ReminderPolicy(holidays=(MON + days(1),)))
    # From Friday 02:00 UTC (10:00 in Shanghai, 21:00 on Thursday in New York) to Wednesday.
    world.sweep_every(at(MON - days(3), 2), at(MON + days(3), 0), HOUR)
    friday = MON - days(3)
    assert world.digest_days(DEV, 8) == [friday, MON, MON + days(2)]
    assert world.digest_days(OPS, -5) == [friday, MON, MON + days(2)]


def test_cadence_on_chosen_days_and_daily() -> None:
    world = World()
    world.add(ReminderPolicy(cadence="days", days=(1, 3)))  # Tuesday and Thursday
    world.sweep_every(at(MON, 0), at(MON + days(7), 0), HOUR)
    assert world.digest_days(DEV, 8) == [MON + days(1), MON + days(3)]

    world = World()
    world.add(ReminderPolicy(cadence="daily", local_time=time(8, 30)))
    world.sweep_every(at(MON - days(2), 0), at(MON, 0), timedelta(minutes=15))  # the weekend
    assert [t for t, _ in world.digests(DEV)] == [
        at(MON - days(2), 0, 30),
        at(MON - days(1), 0, 30),
    ]


def test_first_reminder_only_after_the_grace_period() -> None:
    world = World()
    aid = world.add(created=at(MON, 0))  # grace: two days with no activity
    world.sweep_every(at(MON, 0), at(MON + days(2), 0), HOUR)
    assert world.sent() == []
    world.sweep(at(MON + days(2), 2))  # Wednesday 10:00 in Shanghai: two days and two hours on
    assert world.digest_days(DEV, 8) == [MON + days(2)]

    # Activity restarts the grace period for that person only.
    # Answering on Wednesday at 20:00 in Shanghai: idle again from Friday 20:00, so Thursday's
    # and Friday's 10:00 slots fall inside the new grace period; the next is Monday's.
    world.answer(aid, DEV, at(MON + days(2), 12), r1=Answer.MET)
    world.sweep_every(at(MON + days(2), 3), at(MON + days(8), 0), HOUR)
    assert world.digest_days(DEV, 8) == [MON + days(2), MON + days(7)]
    assert world.digest_days(OPS, -5) == [MON + days(d) for d in (2, 3, 4, 7)]


def test_snooze_one_day_and_one_week() -> None:
    world = World()
    world.add()
    world.sweep(at(MON, 2))
    until = world.snooze(DEV, at(MON, 3), 1)
    assert until == at(MON + days(1), 3)
    world.sweep_every(at(MON + days(1), 0), at(MON + days(3), 0), HOUR)
    assert world.digest_days(DEV, 8) == [MON, MON + days(2)]  # Tuesday's was snoozed

    world.sweep(at(MON + days(2), 2, 30))
    world.snooze(DEV, at(MON + days(2), 3), 7)
    report = world.sweep(at(MON + days(3), 2))
    assert report.snoozed == 1
    world.sweep_every(at(MON + days(3), 0), at(MON + days(11), 0), HOUR)
    # Snoozed from Wednesday 03:00 UTC to next Wednesday 03:00 UTC: next Thursday is the first.
    assert world.digest_days(DEV, 8) == [MON, MON + days(2), MON + days(10)]


def test_catch_up_after_a_three_day_outage_sends_exactly_one() -> None:
    world = World()
    world.add()
    world.sweep(at(MON, 2))
    # Down Tuesday and Wednesday; back on Thursday at 11:30 in Shanghai.
    world.sweep_every(at(MON + days(3), 3, 30), at(MON + days(4), 0), timedelta(minutes=1))
    assert world.digest_days(DEV, 8) == [MON, MON + days(3)]


def test_back_at_night_waits_for_the_next_slot() -> None:
    world = World()
    world.add()
    world.sweep(at(MON, 2))
    # Back on Thursday at 23:00 in Shanghai: too late to remind anyone, Friday's slot does it.
    world.sweep_every(at(MON + days(3), 15), at(MON + days(5), 0), timedelta(minutes=10))
    assert [t for t, _ in world.digests(DEV)] == [at(MON, 2), at(MON + days(4), 2)]


def test_a_failed_write_loses_neither_claim_nor_others_and_is_retried_next_tick() -> None:
    world = World()
    world.add()
    world.directory.people[OPS] = Person(OPS, "Asia/Shanghai")
    world.failing = {f":{DEV}:"}  # the database refuses DEV's reminder
    report = world.sweep(at(MON, 2))
    assert (report.sent, report.failed) == (1, 1)
    assert DEV in report.failures[0]
    assert [u for _, u, _ in world.sent()] == [OPS]
    with world.uow_factory() as uow:  # the claim went with the reminder: one transaction
        assert uow.reminders.last_sent(TEAM, DEV) is None
    world.failing = set()
    report = world.sweep(at(MON, 2, 1))
    assert (report.sent, report.failed) == (1, 0)
    assert [u for _, u, _ in world.sent()] == [OPS, DEV]
    assert world.sweep(at(MON, 2, 2)).sent == 0


def test_a_repeated_sweep_queues_nothing_twice() -> None:
    world = World()
    world.add(ReminderPolicy(escalate_after=1), due=MON + days(1))  # due on Tuesday
    # Monday: reminders; Tuesday: reminders and escalations; Wednesday: the lead's overdue notice.
    for moment in (at(MON, 2), at(MON, 15), at(MON + days(1), 2), at(MON + days(2), 10)):
        first = world.sweep(moment)
        assert first.sent or first.escalated or first.overdue_notices
        queued = len(world.entries())
        again = world.sweep(moment)  # a second process, or the same tick retried
        assert (again.sent, again.escalated, again.overdue_notices, again.failed) == (0, 0, 0, 0)
        assert len(world.entries()) == queued
    kinds = Counter(row.key.split(":")[0] for row in world.entries())
    assert kinds == {"reminder": 3, "escalate": 2, "overdue": 1}  # a marker and a DM escalate


def test_a_failing_profile_lookup_is_isolated_too() -> None:
    world = World()
    world.add()
    world.directory.failing = {DEV}
    report = world.sweep(at(MON, 15))
    assert (report.sent, report.failed) == (1, 1)
    assert [u for _, u, _ in world.sent()] == [OPS]


def test_two_assessments_one_digest_per_person_per_day() -> None:
    world = World()
    world.add(name="Platform")
    world.add(ReminderPolicy(local_time=time(14, 0)), name="Data")
    world.sweep_every(at(MON, 0), at(MON + days(2), 0), timedelta(minutes=5))
    dev = world.digests(DEV)
    assert [t for t, _ in dev] == [at(MON, 2), at(MON + days(1), 2)]
    # "Data" is due at 14:00, after the day's one reminder went out: it rides along with the next
    # morning's (on Monday, its slot of last Friday 14:00 was never sent).
    assert {a.name for a in dev[0][1].assessments} == {"Platform", "Data"}
    assert {a.name for a in dev[1][1].assessments} == {"Platform", "Data"}


def test_two_processes_sweeping_at_once_send_each_reminder_once() -> None:
    world = World()
    world.add()
    world.directory.people[OPS] = Person(OPS, "Asia/Shanghai")
    world.clock.moment = at(MON, 2)
    barrier = threading.Barrier(4)

    def process() -> None:
        barrier.wait()
        run_sweep(world.uow_factory, world.clock, world.directory)

    threads = [threading.Thread(target=process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(u for _, u, _ in world.sent()) == [DEV, OPS]
