"""Queuing what a sweep decided: reminders, escalations and overdue notices, each exactly once.

Everything is written to the outbox in the transaction that decides it is owed, and the courier
delivers it (retrying a failed send itself), so a sweep killed half-way or a send that fails
loses nothing and repeats nothing:
- a reminder: a batch's (person, slot) pairs are claimed in `reminder_log` in one statement
  (what escalation counts: reminders per real person) and each won pair's `ReminderDM` queued
  under `reminder:<user>:<slot>`, in the same transaction;
- an escalation: a `Marker` per person and stretch without progress (`rp.escalation_key`)
  says who was escalated already; the people whose marker this transaction adds go to the lead
  in one DM per assessment, queued in the same transaction (see `queue_escalations`);
- an overdue notice: one per assessment and due date, `overdue:<assessment>#due:<date>`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from questionnaire.outbox import (
    EscalationDM,
    Marker,
    OverdueDM,
    ReminderDM,
    Spacing,
    family_key,
)
from questionnaire.reminders import policy as rp
from questionnaire.reminders.context import Sweep
from questionnaire.reminders.decide import Plan
from questionnaire.reminders.gather import Snapshot
from questionnaire.reminders.policy import Digest, Escalation, OpenWork, OverdueNotice


def reminder_key(user_id: str, slot: str) -> str:
    """The outbox key of a person's reminder for one claimed slot."""
    return f"reminder:{user_id}:{slot}"


def overdue_family(assessment_id: int) -> str:
    """The key family of an assessment's overdue notices (one key per due date after it)."""
    return f"overdue:{assessment_id}"


def queue_reminders(sweep: Sweep, team: str, plans: Sequence[Plan]) -> list[Escalation]:
    """Claim the plans' (person, slot) pairs in one statement and queue the won ones' reminders
    in another, in one transaction; returns the escalations they make due (none for a slot
    another sweep had), for `queue_escalations` once the team's reminders are queued."""
    if not plans:
        return []
    with sweep.uow_factory() as uow:
        won = uow.reminders.claim_many(team, [(p.user_id, p.key) for p in plans], sweep.now)
        owed = {reminder_key(p.user_id, p.key): p for p in plans if (p.user_id, p.key) in won}
        dms = [(key, _dm(sweep, plan)) for key, plan in owed.items()]
        spacing = Spacing(sweep.pace, sweep.paced)
        added = uow.outbox.add_many(team, dms, sweep.now, spacing)  # less keys queued before
        uow.commit()
    sweep.paced += len(dms)
    queued = [plan for key, plan in owed.items() if key in added]
    sweep.report.skipped_not_due += len(plans) - len(won)  # another process (or tick) has them
    sweep.report.sent += len(queued)
    return [esc for plan in queued for esc in plan.escalations]


def _dm(sweep: Sweep, plan: Plan) -> ReminderDM:
    return ReminderDM(Digest(plan.user_id, plan.work, forced=sweep.force))


def queue_escalations(sweep: Sweep, team: str, due: Sequence[Escalation]) -> None:
    """One DM per lead and assessment, naming the people not escalated before in their
    current stretch without progress.

    A person's marker key is unique, so adding it decides whether they are new, even with
    two sweeps at once. The DM is queued in the same transaction under the first new person's
    marker key plus `:dm`, which no other transaction can ever build: it names exactly the
    people this one marked."""
    groups: dict[tuple[str, int], list[Escalation]] = {}
    for esc in due:
        groups.setdefault((esc.lead_id, esc.work.assessment_id), []).append(esc)
    for (lead, assessment_id), group in sorted(groups.items()):
        try:
            with sweep.uow_factory() as uow:
                new = [
                    e
                    for e in group
                    if uow.outbox.add(team, _marker_key(e), Marker(), sweep.now) is not None
                ]
                if new:
                    dm = EscalationDM(lead, tuple(new))
                    uow.outbox.add(team, f"{_marker_key(new[0])}:dm", dm, sweep.now)
                uow.commit()
            sweep.report.escalated += len(new)
        except Exception as exc:  # a failed write: this assessment's escalations wait
            sweep.fail(f"{team}/assessment {assessment_id} escalation to {lead}", exc)


def _marker_key(esc: Escalation) -> str:
    return rp.escalation_key(esc.work.assessment_id, esc.user_id, esc.idle_since)


def queue_overdue_notices(sweep: Sweep, team: str, snapshots: list[Snapshot]) -> None:
    """Tell each lead once when their assessment's due date has passed with work open."""
    due = []
    for snap in snapshots:
        try:
            found = _overdue_notice(sweep, team, snap)
        except Exception as exc:
            sweep.fail(f"{team}/assessment {snap.assessment.id} overdue", exc)
            continue
        if found is not None:
            due.append(found)
    if not due:
        return
    with sweep.uow_factory() as uow:  # a read first: an announced overdue costs no write a tick
        last = uow.outbox.latest(team, [overdue_family(n.assessment_id) for n, _ in due])
    for notice, announced_after in due:
        family = overdue_family(notice.assessment_id)
        sent = last.get(family)
        if sent is not None and sent >= announced_after:
            continue  # announced already (an older entry is for an earlier due date)
        key = family_key(family, f"due:{notice.due_date.isoformat()}")
        try:
            with sweep.uow_factory() as uow:
                queued = uow.outbox.add(team, key, OverdueDM(notice), sweep.now)
                uow.commit()
            if queued is not None:
                sweep.report.overdue_notices += 1
        except Exception as exc:
            sweep.fail(f"{team}/assessment {notice.assessment_id} overdue", exc)


def _overdue_notice(
    sweep: Sweep, team: str, snap: Snapshot
) -> tuple[OverdueNotice, datetime] | None:
    """The notice when its slot is fresh, with the moment an entry must be newer than to count."""
    a = snap.assessment
    open_work = tuple(
        OpenWork(user, w.unanswered, len(w.evidence_owed)) for user, w in snap.work.items() if w
    )
    if a.due_date is None or not open_work or a.id is None:
        return None
    lead = sweep.person(team, a.lead_id)
    if lead is None or lead.deleted:
        return None
    tz = rp.person_tz(lead.tz, lead.tz_offset)
    slot = rp.overdue_slot(snap.policy, a.due_date, tz, sweep.now)
    if slot is None or not rp.is_fresh(slot, sweep.now):
        return None
    notice = OverdueNotice(a.lead_id, a.id, a.name, a.due_date, open_work)
    return notice, rp.first_overdue_moment(snap.policy, a.due_date, tz)
