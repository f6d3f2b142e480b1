"""Claiming and sending: digests, escalations and overdue notices, each exactly once.

Each message is claimed in its own short transaction (a unique row per recipient key and slot),
sent outside it, and the claim is released when the send fails, so the next tick retries it and
nothing is sent twice. Escalation and overdue claims are kept under their own keys
(`escalate:<id>`, `overdue:<id>`) rather than the lead's user id, so they never count as
reminders to the lead. Escalations are still claimed one per person, but only after a team's
digests are out, and the claimed ones of one assessment go to its lead as one DM.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from . import reminder_policy as rp
from .reminder_context import Sweep
from .reminder_decide import Plan
from .reminder_gather import Snapshot
from .reminder_policy import Digest, Escalation, OpenWork, OverdueNotice


def send_plan(sweep: Sweep, team: str, plan: Plan) -> tuple[Escalation, ...]:
    """Claim the person's slot and send their digest; returns the escalations it makes due
    (none when the digest was not sent), for `send_escalations` after the team's digests."""
    user = plan.user_id
    if not claim(sweep, team, user, plan.key):
        sweep.report.skipped_not_due += 1  # another process (or an earlier tick) has it
        return ()
    digest = Digest(user, plan.work, forced=sweep.force)
    if not deliver(sweep, team, user, plan.key, _digest_sender(sweep, team, digest)):
        return ()
    sweep.report.sent += 1
    return plan.escalations


def send_escalations(sweep: Sweep, team: str, due: Sequence[Escalation]) -> None:
    """Claim each (person, stretch without progress) once, then send each lead one DM per
    assessment with the people they won; a failed send releases all of that DM's claims."""
    groups: dict[tuple[str, int], list[Escalation]] = {}
    for esc in due:
        groups.setdefault((esc.lead_id, esc.work.assessment_id), []).append(esc)
    for (lead, assessment_id), group in sorted(groups.items()):
        key_user = f"escalate:{assessment_id}"
        try:
            won = [e for e in group if claim(sweep, team, key_user, _escalation_slot(e))]
            if won and _deliver_all(sweep, team, key_user, won):
                sweep.report.escalated += len(won)
        except Exception as exc:  # a failed claim: this assessment's escalations wait
            sweep.fail(f"{team}/assessment {assessment_id} escalation to {lead}", exc)


def _escalation_slot(esc: Escalation) -> str:
    return rp.escalation_key(esc.user_id, esc.idle_since)


def _deliver_all(sweep: Sweep, team: str, key_user: str, won: list[Escalation]) -> bool:
    """Send one DM for several claims; on failure release every one of them."""
    try:
        sweep.notifier.send_escalations(team, won[0].lead_id, tuple(won))
    except Exception as exc:
        sweep.fail(f"{team}/{key_user} {len(won)} escalation(s)", exc)
        with sweep.uow_factory() as uow:
            for esc in won:
                uow.reminders.release(team, key_user, _escalation_slot(esc))
            uow.commit()
        return False
    return True


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


def _overdue_sender(sweep: Sweep, team: str, notice: OverdueNotice) -> Callable[[], None]:
    return lambda: sweep.notifier.send_overdue(team, notice.lead_id, notice)
