"""Deciding who is reminded now, and of what, from reminder state read in bulk.

People whose slot is not fresh cost no query at all. The rest are decided in batches of
`BATCH`: one read transaction per batch (last reminder, snooze, and for escalation candidates
the reminders since they went idle), whatever the batch's size. The batch bounds the size of
those reads and how stale their state may get before the batch is claimed, so a snooze clicked
mid-sweep still counts for later batches. Deciding claims nothing: see `queue`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from questionnaire.reminders import policy as rp
from questionnaire.reminders.context import Sweep
from questionnaire.reminders.gather import Snapshot, personal_policy
from questionnaire.reminders.policy import AssessmentDigest, Escalation

BATCH = 200


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person with work pending and a reminder slot that may be sent now."""

    user_id: str
    tz: tzinfo
    pending: tuple[Snapshot, ...]
    slots: tuple[tuple[datetime | None, datetime | None], ...]  # (cadence, due date) per pending


@dataclass(frozen=True, slots=True)
class Plan:
    """One digest to claim under `key` and queue, and the escalations that follow it."""

    user_id: str
    key: str
    work: tuple[AssessmentDigest, ...]
    escalations: tuple[Escalation, ...] = ()


@dataclass(frozen=True, slots=True)
class _Stuck:
    """An owner reminded since they went idle: escalate when enough reminders went out."""

    snapshot: Snapshot
    work: AssessmentDigest
    idle_since: datetime


def candidate(sweep: Sweep, team: str, user: str, pending: list[Snapshot]) -> Candidate | None:
    """The person's candidate when a slot is fresh (or the lead forces); no database access."""
    person = sweep.person(team, user)
    if person is None or person.deleted:
        sweep.report.skipped_inactive += 1
        return None
    tz = rp.person_tz(person.tz, person.tz_offset)
    if sweep.force:
        return Candidate(user, tz, tuple(pending), ())
    policies = [personal_policy(sweep, snap, person.tz) for snap in pending]
    slots = tuple(
        (
            rp.latest_slot(policy, tz, sweep.now),
            rp.latest_due_slot(policy, snap.assessment.due_date, tz, sweep.now),
        )
        for snap, policy in zip(pending, policies, strict=True)
    )
    if not any(s is not None and rp.is_fresh(s, sweep.now) for pair in slots for s in pair):
        sweep.report.skipped_not_due += 1  # the common case between slots
        return None
    return Candidate(user, tz, tuple(pending), slots)


def plan_batch(sweep: Sweep, team: str, batch: list[Candidate]) -> list[Plan]:
    """Decide a batch from its state, read in one transaction of at most three queries."""
    users = [c.user_id for c in batch]
    leads = {snap.assessment.lead_id for c in batch for snap in c.pending}
    lead_active = {lead: sweep.active(team, lead) for lead in leads}
    with sweep.uow_factory() as uow:
        snoozed = uow.reminders.snoozed_until_many(team, users)
        if sweep.force:
            return [plan for c in batch if (plan := _forced(sweep, c, snoozed.get(c.user_id)))]
        last = uow.reminders.last_sent_many(team, users)
        drafts = [
            draft
            for c in batch
            if (draft := _due(sweep, c, last.get(c.user_id), snoozed.get(c.user_id), lead_active))
        ]
        stuck_users = [plan.user_id for plan, stuck in drafts if stuck]
        since = min((s.idle_since for _, stuck in drafts for s in stuck), default=sweep.now)
        sent = uow.reminders.claimed_since(team, stuck_users, since) if stuck_users else {}
    return [_with_escalations(plan, stuck, sent.get(plan.user_id, [])) for plan, stuck in drafts]


def _forced(sweep: Sweep, c: Candidate, snoozed_until: datetime | None) -> Plan | None:
    """A lead's `remind`: everything pending in scope, one claim per person and run."""
    if snoozed_until is not None and snoozed_until > sweep.now:
        sweep.report.snoozed += 1
        return None
    work = [w for snap in c.pending if (w := snap.work[c.user_id])]
    return Plan(c.user_id, rp.forced_key(sweep.scope, sweep.now), _days_left(work, c.tz, sweep))


def _due(
    sweep: Sweep,
    c: Candidate,
    last: datetime | None,
    snoozed_until: datetime | None,
    lead_active: dict[str, bool],
) -> tuple[Plan, list[_Stuck]] | None:
    """The slot to claim and the assessments it covers, or None (counted in the report)."""
    now, report, user = sweep.now, sweep.report, c.user_id
    fresh = [s for pair in c.slots for s in pair if s is not None and rp.is_fresh(s, now)]
    if rp.same_or_later_local_day(last, max(fresh)):  # at most one reminder a local day
        report.skipped_not_due += 1
        return None
    if snoozed_until is not None and snoozed_until > now:
        report.snoozed += 1
        return None
    covered = rp.latest([last, snoozed_until])  # slots before this were sent or snoozed through
    chosen, triggers, stuck = [], [], []
    for snap, (regular, due_slot) in zip(c.pending, c.slots, strict=True):
        a, work = snap.assessment, snap.work[user]
        assert work is not None
        hits = [s for s in (regular, due_slot) if s and (covered is None or s > covered)]
        if regular is not None and regular in hits:
            activity = snap.activity.get(user)
            idle_since = rp.activity_reference(activity, a.created_at)
            if not rp.grace_over(activity, a.created_at, snap.policy, regular):
                hits.remove(regular)
            elif user != a.lead_id and lead_active[a.lead_id] and last and last > idle_since:
                # counted before this slot's reminder: a whole cycle to react to the last one
                stuck.append(_Stuck(snap, work, idle_since))
        if hits:
            chosen.append(work)
            triggers += [s for s in hits if rp.is_fresh(s, now)]
    if not triggers:
        report.skipped_not_due += 1
        return None
    plan = Plan(user, rp.slot_key(max(triggers)), _days_left(chosen, c.tz, sweep))
    return plan, stuck


def _with_escalations(plan: Plan, stuck: list[_Stuck], sent: list[datetime]) -> Plan:
    """Add an escalation for each assessment where N reminders went out since the owner idled."""
    escalations = []
    for s in stuck:
        count = sum(1 for at in sent if at > s.idle_since)
        if rp.should_escalate(count, s.snapshot.policy):
            lead = s.snapshot.assessment.lead_id
            escalations.append(Escalation(lead, plan.user_id, s.work, count, s.idle_since))
    return replace(plan, escalations=tuple(escalations)) if escalations else plan


def _days_left(
    work: list[AssessmentDigest], tz: tzinfo, sweep: Sweep
) -> tuple[AssessmentDigest, ...]:
    """Each piece of work with its days left in the recipient's calendar (copied only where
    that changes it: most assessments have no due date)."""
    return tuple(
        w
        if (left := rp.days_left(w.due_date, tz, sweep.now)) == w.days_left
        else replace(w, days_left=left)
        for w in work
    )
