"""Claiming and sending: digests, escalations and overdue notices, each exactly once.

Each message is claimed in its own short transaction (a unique row per recipient key and slot),
sent outside it, and the claim is released when the send fails, so the next tick retries it and
nothing is sent twice. Escalation and overdue claims are kept under their own keys
(`escalate:<id>`, `overdue:<id>`) rather than the lead's user id, so they never count as
reminders to the lead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from . import reminder_policy as rp
from .reminder_context import Sweep
from .reminder_decide import Plan
from .reminder_gather import Snapshot
from .reminder_policy import Digest, Escalation, OpenWork, OverdueNotice


def send_plan(sweep: Sweep, team: str, plan: Plan) -> None:
    """Claim the person's slot, send their digest, then any escalations to their leads."""
    user = plan.user_id
    if not claim(sweep, team, user, plan.key):
        sweep.report.skipped_not_due += 1  # another process (or an earlier tick) has it
        return
    digest = Digest(user, plan.work, forced=sweep.force)
    if not deliver(sweep, team, user, plan.key, _digest_sender(sweep, team, digest)):
        return
    sweep.report.sent += 1
    for esc in plan.escalations:
        key_user = f"escalate:{esc.work.assessment_id}"
        slot = rp.escalation_key(user, esc.idle_since)
        send = _escalation_sender(sweep, team, esc)
        if claim(sweep, team, key_user, slot) and deliver(sweep, team, key_user, slot, send):
            sweep.report.escalated += 1


def send_overdue_notices(sweep: Sweep, team: str, snapshots: list[Snapshot]) -> None:
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
        last = uow.reminders.last_sent_many(team, [f"overdue:{n.assessment_id}" for n, _ in due])
    for notice, announced_after in due:
        key_user = f"overdue:{notice.assessment_id}"
        sent = last.get(key_user)
        if sent is not None and sent >= announced_after:
            continue  # announced already (an older claim is for an earlier due date)
        key = f"due:{notice.due_date.isoformat()}"
        try:
            send = _overdue_sender(sweep, team, notice)
            if claim(sweep, team, key_user, key) and deliver(sweep, team, key_user, key, send):
                sweep.report.overdue_notices += 1
        except Exception as exc:
            sweep.fail(f"{team}/assessment {notice.assessment_id} overdue", exc)


def _overdue_notice(
    sweep: Sweep, team: str, snap: Snapshot
) -> tuple[OverdueNotice, datetime] | None:
    """The notice when its slot is fresh, with the moment a claim must be newer than to count."""
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


def claim(sweep: Sweep, team: str, user_key: str, slot: str) -> bool:
    """Claim (recipient key, slot) in its own transaction; True only for the one winner."""
    with sweep.uow_factory() as uow:
        won = uow.reminders.claim(team, user_key, slot, sweep.now)
        uow.commit()
    return won


def deliver(sweep: Sweep, team: str, user_key: str, slot: str, send: Callable[[], None]) -> bool:
    """Send outside any transaction; on failure give the claim back so the next tick retries."""
    try:
        send()
    except Exception as exc:
        sweep.fail(f"{team}/{user_key} {slot}", exc)
        with sweep.uow_factory() as uow:
            uow.reminders.release(team, user_key, slot)
            uow.commit()
        return False
    return True


def _digest_sender(sweep: Sweep, team: str, digest: Digest) -> Callable[[], None]:
    return lambda: sweep.notifier.send_digest(team, digest.user_id, digest)


def _escalation_sender(sweep: Sweep, team: str, esc: Escalation) -> Callable[[], None]:
    return lambda: sweep.notifier.send_escalation(team, esc.lead_id, esc)


def _overdue_sender(sweep: Sweep, team: str, notice: OverdueNotice) -> Callable[[], None]:
    return lambda: sweep.notifier.send_overdue(team, notice.lead_id, notice)
