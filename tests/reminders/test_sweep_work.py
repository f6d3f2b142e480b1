"""The reminder sweep's content: what is pending, escalation, due dates, overdue, forced runs."""

from __future__ import annotations

from datetime import timedelta

from questionnaire.domain import Answer, ReminderPolicy
from questionnaire.reminders.sweep import OverdueNotice, Person

from .world import DEV, LEAD, MON, OPS, TEAM, World, at, days


def dev_mornings(world: World, first: int, last: int) -> None:
    """Sweep at 10:00 and 10:01 in Shanghai on Monday + first .. Monday + last (weekdays only)."""
    for n in range(first, last + 1):
        world.sweep(at(MON + days(n), 2))
        world.sweep(at(MON + days(n), 2, 1))


def test_digest_counts_unanswered_per_item_and_evidence_owed() -> None:
    world = World()
    aid = world.add(due=MON + days(4))
    world.answer(aid, DEV, at(MON - days(5), 9), r1=Answer.MET, r3=Answer.PARTIAL)
    world.sweep(at(MON, 2))
    [(_, digest)] = world.digests(DEV)
    [work] = digest.assessments
    assert (work.assessment_id, work.name, digest.forced) == (aid, "Platform", False)
    assert [(i.item_id, i.name.en, i.unanswered) for i in work.items] == [("i1", "Pipelines", 1)]
    assert [(e.requirement_id, e.text.en) for e in work.evidence_owed] == [("r3", "Text of r3")]
    assert (work.due_date, work.days_left, work.resume_item_id, work.resume_page) == (
        MON + days(4),
        4,
        "i1",
        0,
    )


def test_nothing_sent_once_everything_is_answered_and_evidenced() -> None:
    world = World()
    aid = world.add()
    world.answer(aid, DEV, at(MON - days(5), 9), r1=Answer.MET, r2=Answer.NOT_MET, r3=Answer.MET)
    world.sweep(at(MON, 2))
    [(_, digest)] = world.digests(DEV)
    assert digest.assessments[0].items == ()  # only the evidence for r3 is still owed
    world.add_evidence(aid, "r3", DEV, at(MON, 3))
    report = world.sweep(at(MON + days(1), 2))
    assert (report.sent, report.skipped_nothing_pending) == (0, 1)
    assert len(world.digests(DEV)) == 1


def test_nothing_for_a_closed_assessment_even_when_forced() -> None:
    world = World()
    aid = world.add()
    world.close(aid)
    assert world.sweep(at(MON, 2)).considered == 0
    assert world.sweep(at(MON, 2), team_ids=[TEAM], assessment_id=aid, force=True).sent == 0
    assert world.sent() == []


def test_escalation_after_n_reminders_without_progress_once() -> None:
    world = World()
    world.add(ReminderPolicy(escalate_after=3))
    dev_mornings(world, 0, 2)  # Monday to Wednesday: three reminders
    assert world.escalation_dms() == []
    # Thursday: still nothing done, so the lead hears of it; Friday: not again.
    dev_mornings(world, 3, 4)
    [(when, lead, escalation)] = world.escalations(DEV)
    assert (when, lead) == (at(MON + days(3), 2), LEAD)
    assert escalation.reminders_sent == 3
    assert [i.item_id for i in escalation.work.items] == ["i1"]
    assert len(world.digests(DEV)) == 5  # the person is still reminded


def test_progress_resets_escalation() -> None:
    world = World()
    aid = world.add(ReminderPolicy(escalate_after=2, grace_days=0))
    dev_mornings(world, 0, 1)
    world.answer(aid, DEV, at(MON + days(1), 5), r1=Answer.MET)  # progress on Tuesday
    dev_mornings(world, 2, 3)  # two more reminders, counted from the progress
    assert world.escalations(DEV) == []
    dev_mornings(world, 4, 4)
    [(when, _, escalation)] = world.escalations(DEV)
    assert when == at(MON + days(4), 2)
    assert escalation.idle_since == at(MON + days(1), 5)


def test_a_failed_escalation_write_is_retried_with_the_next_reminder() -> None:
    world = World()
    world.add(ReminderPolicy(escalate_after=1))
    world.sweep(at(MON, 2))
    world.failing = {"escalate:"}
    report = world.sweep(at(MON + days(1), 2))
    assert (report.sent, report.escalated, report.failed) == (1, 0, 1)
    assert [row.key for row in world.entries() if row.key.startswith("escalate:")] == []
    world.failing = set()
    world.sweep(at(MON + days(2), 2))
    assert [e.user_id for _, _, e in world.escalations(DEV)] == [DEV]


DEV2 = "UDEV2"  # also in Shanghai: due in the same sweeps as DEV


def two_stuck_in_two_assessments(world: World) -> tuple[int, int]:
    world.directory.people[DEV2] = Person(DEV2, "Asia/Shanghai", 8 * 3600)
    policy = ReminderPolicy(escalate_after=2)
    roles = {"dev": [DEV], "ops": [DEV2]}
    return world.add(policy, roles=roles), world.add(policy, name="Billing", roles=roles)


def test_one_escalation_dm_per_lead_and_assessment_each_person_once() -> None:
    world = World()
    first, second = two_stuck_in_two_assessments(world)
    dev_mornings(world, 0, 1)  # two reminders each
    assert world.escalation_dms() == []
    report = world.sweep(at(MON + days(2), 2))
    assert report.escalated == 4  # two people in two assessments...
    dms = world.escalation_dms()  # ...told in one DM per assessment
    assert [
        (lead, {e.work.assessment_id for e in dm}, sorted(e.user_id for e in dm))
        for _, lead, dm in dms
    ] == [
        (LEAD, {first}, [DEV, DEV2]),
        (LEAD, {second}, [DEV, DEV2]),
    ]
    dev_mornings(world, 2, 4)  # each (person, stretch without progress) is claimed once
    assert len(world.escalation_dms()) == 2


def test_a_failed_escalation_dm_marks_nobody_in_it() -> None:
    world = World()
    two_stuck_in_two_assessments(world)
    dev_mornings(world, 0, 1)
    world.failing = {":dm"}  # the DM's write fails after its people's markers were added
    report = world.sweep(at(MON + days(2), 2))
    assert (report.sent, report.escalated, report.failed) == (2, 0, 2)
    world.failing = set()
    world.sweep(at(MON + days(3), 2))
    assert [sorted(e.user_id for e in dm) for _, _, dm in world.escalation_dms()] == [
        [DEV, DEV2],
        [DEV, DEV2],
    ]


def test_due_date_reminders_three_and_one_day_before() -> None:
    world = World()
    # Regular reminders on Mondays only, and a long grace: only the due date reminds.
    world.add(ReminderPolicy(cadence="days", days=(0,), grace_days=30), due=MON + days(4))
    world.sweep_every(at(MON, 0), at(MON + days(6), 0), timedelta(minutes=30))
    dev = world.digests(DEV)
    assert [t for t, _ in dev] == [at(MON + days(1), 2), at(MON + days(3), 2)]
    assert [d.assessments[0].days_left for _, d in dev] == [3, 1]
    assert world.digest_days(OPS, -5) == [MON + days(1), MON + days(3)]


def test_overdue_notice_to_the_lead_once() -> None:
    world = World()
    world.add(due=MON + days(4))  # Friday
    world.sweep_every(at(MON + days(5), 0), at(MON + days(8), 0), timedelta(minutes=20))
    [(when, lead, notice)] = world.of_type(OverdueNotice)
    assert (when, lead) == (at(MON + days(5), 10), LEAD)  # Saturday at 10:00 in the lead's zone
    assert notice.due_date == MON + days(4)
    assert sorted((w.user_id, w.unanswered) for w in notice.open_work) == [(DEV, 3), (OPS, 2)]


def test_no_overdue_notice_when_everything_is_done() -> None:
    world = World()
    aid = world.add(due=MON + days(4))
    world.answer(aid, DEV, at(MON, 1), r1=Answer.MET, r2=Answer.MET, r3=Answer.NOT_MET)
    world.answer(aid, OPS, at(MON, 1), r4=Answer.MET, r5=Answer.NOT_APPLICABLE)
    assert world.sweep(at(MON + days(5), 10)).overdue_notices == 0


def test_forced_remind_ignores_cadence_and_grace_once_per_run() -> None:
    world = World()
    aid = world.add(created=at(MON - days(2), 0))  # Saturday, still in grace
    saturday = at(MON - days(2), 12)
    report = world.sweep(saturday, team_ids=[TEAM], assessment_id=aid, force=True)
    assert report.sent == 2
    assert all(d.forced for _, d in world.digests(DEV))
    again = world.sweep(
        saturday + timedelta(seconds=20), team_ids=[TEAM], assessment_id=aid, force=True
    )
    assert (again.sent, again.skipped_not_due) == (0, 2)  # the same run (a double click)
    assert world.sweep(saturday + timedelta(minutes=1), assessment_id=aid, force=True).sent == 2


def test_forced_remind_counts_as_the_days_reminder_and_respects_snooze() -> None:
    world = World()
    aid = world.add()
    world.sweep(at(MON, 1), team_ids=[TEAM], assessment_id=aid, force=True)  # 09:00 in Shanghai
    assert world.sweep(at(MON, 2)).sent == 0  # no second nag at 10:00
    world.snooze(OPS, at(MON, 3), 1)
    report = world.sweep(at(MON, 4), team_ids=[TEAM], assessment_id=aid, force=True)
    assert (report.sent, report.snoozed) == (1, 1)


def test_inactive_owner_falls_back_to_the_lead() -> None:
    world = World()
    world.add()
    world.directory.people[DEV] = Person(DEV, "Asia/Shanghai", deleted=True)
    world.sweep(at(MON, 10))  # 10:00 for the lead (UTC)
    [(_, digest)] = world.digests(LEAD)
    assert [i.item_id for i in digest.assessments[0].items] == ["i1"]
    assert world.digests(DEV) == []


def test_one_digest_across_assessments_and_workspaces_are_separate() -> None:
    world = World()
    world.add(name="Platform")
    world.add(name="Data")
    world.add(name="Elsewhere", team="T2")
    report = world.sweep(at(MON, 2))
    assert (report.sent, report.considered) == (2, 4)  # DEV in T1 and in T2
    names = sorted(sorted(a.name for a in d.assessments) for _, d in world.digests(DEV))
    assert names == [["Data", "Platform"], ["Elsewhere"]]
