"""Reminder sweep use case: digests to owners, escalations and overdue notices to leads.

Each message is claimed in the database in its own short transaction, sent outside it, and the
claim is released when the send fails, so the next tick retries it and nothing is sent twice.
Escalation and overdue claims are kept under their own keys (`escalate:<id>`, `overdue:<id>`)
rather than the lead's user id, so they never count as reminders to the lead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from . import reminder_policy as rp
from .domain import Assessment, AssessmentStatus
from .framework import Framework
from .ports import Clock, UnitOfWorkFactory
from .reminder_policy import (
    AssessmentDigest,
    Digest,
    Escalation,
    ItemCount,
    OpenWork,
    OverdueNotice,
    OwedEvidence,
)
from .routing import Routing

__all__ = [
    "AssessmentDigest",
    "Digest",
    "Escalation",
    "ItemCount",
    "OpenWork",
    "OverdueNotice",
    "OwedEvidence",
    "PeopleDirectory",
    "Person",
    "ReminderNotifier",
    "SweepReport",
    "run_sweep",
    "snooze",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Person:
    """What the sweep needs from a Slack profile."""

    user_id: str
    tz: str | None = None  # IANA name
    tz_offset: int | None = None  # seconds east of UTC
    deleted: bool = False


class PeopleDirectory(Protocol):
    def person(self, team_id: str, user_id: str) -> Person | None:
        """The profile, None when Slack does not know the user."""


class ReminderNotifier(Protocol):
    """Delivers reminders; each method raises on failure (the claim is then released)."""

    def send_digest(self, team_id: str, user_id: str, digest: Digest) -> None: ...

    def send_escalation(self, team_id: str, lead_id: str, escalation: Escalation) -> None: ...

    def send_overdue(self, team_id: str, lead_id: str, notice: OverdueNotice) -> None: ...


@dataclass(slots=True)
class SweepReport:
    considered: int = 0  # owners of requirements in the swept assessments
    sent: int = 0
    skipped_not_due: int = 0
    skipped_nothing_pending: int = 0
    skipped_inactive: int = 0  # deactivated or unknown to Slack
    snoozed: int = 0
    failed: int = 0
    escalated: int = 0
    overdue_notices: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """One active assessment as read this tick: every owner and their open work."""

    assessment: Assessment
    work: dict[str, AssessmentDigest | None]


@dataclass(slots=True)
class _Sweep:
    uow_factory: UnitOfWorkFactory
    directory: PeopleDirectory
    notifier: ReminderNotifier
    now: datetime
    force: bool
    scope: int | None
    report: SweepReport = field(default_factory=SweepReport)
    people: dict[tuple[str, str], Person | None] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)

    def person(self, team: str, user: str) -> Person | None:
        if (team, user) not in self.people:  # once per sweep; failures are not remembered
            self.people[team, user] = self.directory.person(team, user)
        return self.people[team, user]

    def fail(self, what: str, exc: Exception) -> None:
        log.warning("reminder sweep: %s failed", what, exc_info=exc)
        self.report.failed += 1
        self.report.failures.append(f"{what}: {exc!r}")


def run_sweep(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    directory: PeopleDirectory,
    notifier: ReminderNotifier,
    *,
    team_ids: Sequence[str] | None = None,
    assessment_id: int | None = None,
    force: bool = False,
) -> SweepReport:
    """One sweep: derive due work from the repositories, claim each message, send, report."""
    sweep = _Sweep(uow_factory, directory, notifier, clock.now(), force, assessment_id)
    if team_ids is None:
        with uow_factory() as uow:
            team_ids = uow.assessments.active_teams()
    for team in team_ids:
        try:
            _sweep_team(sweep, team)
        except Exception as exc:  # one broken workspace must not stop the others
            sweep.fail(f"team {team}", exc)
    return sweep.report


def snooze(
    uow_factory: UnitOfWorkFactory, clock: Clock, team_id: str, user_id: str, days: int
) -> datetime:
    """Pause someone's reminders for `days` (1 to 30) from now; returns when they resume."""
    if not 1 <= days <= 30:
        raise ValueError(f"snooze days must be 1..30, got {days}")
    until = clock.now() + timedelta(days=days)
    with uow_factory() as uow:
        uow.reminders.snooze(team_id, user_id, until)
        uow.commit()
    return until


def _sweep_team(sweep: _Sweep, team: str) -> None:
    snapshots = _read(sweep, team)
    for user in sorted({owner for snap in snapshots for owner in snap.work}):
        sweep.report.considered += 1  # one person at a time, so a pacing notifier can pace
        pending = [snap for snap in snapshots if snap.work.get(user)]
        if not pending:
            sweep.report.skipped_nothing_pending += 1
            continue
        try:
            _remind(sweep, team, user, pending)
        except Exception as exc:
            sweep.fail(f"{team}/{user} digest", exc)
    for snap in [] if sweep.force else snapshots:
        try:
            _overdue(sweep, team, snap)
        except Exception as exc:
            sweep.fail(f"{team}/assessment {snap.assessment.id} overdue", exc)


def _read(sweep: _Sweep, team: str) -> list[_Snapshot]:
    rows = []
    with sweep.uow_factory() as uow:  # one short read; Slack lookups come after it
        for a in uow.assessments.list(team, [AssessmentStatus.ACTIVE]):
            if a.id is None or sweep.scope not in (None, a.id):
                continue
            try:
                if a.framework_hash not in sweep.frameworks:  # frozen copies never change
                    sweep.frameworks[a.framework_hash] = uow.frameworks.load(a.framework_hash)
                states = uow.answers.states(team, a.id)
                rows.append((a, states, uow.evidence.for_assessment(team, a.id)))
            except KeyError as exc:  # a missing framework copy: skip this assessment only
                sweep.fail(f"{team}/assessment {a.id} read", exc)
    snapshots = []
    for a, states, evidence in rows:
        people = {a.lead_id, *(u for us in a.roles.values() for u in us)}
        people |= {s.delegated_to for s in states.values() if s.delegated_to}
        inactive = frozenset(u for u in people if not _active(sweep, team, u))
        routing = Routing(sweep.frameworks[a.framework_hash], a, states, inactive)
        snapshots.append(_Snapshot(a, rp.pending_work(a, routing, evidence)))
    return snapshots


def _active(sweep: _Sweep, team: str, user: str) -> bool:
    try:
        person = sweep.person(team, user)
    except Exception:  # a directory hiccup must not reroute anyone's questions
        return True
    return person is not None and not person.deleted


def _remind(sweep: _Sweep, team: str, user: str, pending: list[_Snapshot]) -> None:
    person = sweep.person(team, user)
    if person is None or person.deleted:
        sweep.report.skipped_inactive += 1
        return
    tz = rp.person_tz(person.tz, person.tz_offset)
    if sweep.force:
        picked = _claim_forced(sweep, team, user, pending)
    else:
        picked = _claim_due(sweep, team, user, tz, pending)
    if picked is None:
        return
    chosen, key, escalations = picked
    now = sweep.now
    work = tuple(replace(s, days_left=rp.days_left(s.due_date, tz, now)) for s in chosen)
    digest = Digest(user, work, forced=sweep.force)
    if not _deliver(sweep, team, user, key, lambda: sweep.notifier.send_digest(team, user, digest)):
        return
    sweep.report.sent += 1
    for esc in escalations:
        key_user = f"escalate:{esc.work.assessment_id}"
        slot = rp.escalation_key(user, esc.idle_since)
        send = _escalation_sender(sweep, team, esc)
        if _claim(sweep, team, key_user, slot) and _deliver(sweep, team, key_user, slot, send):
            sweep.report.escalated += 1


_Picked = tuple[list[AssessmentDigest], str, list[Escalation]]


def _claim_forced(sweep: _Sweep, team: str, user: str, pending: list[_Snapshot]) -> _Picked | None:
    """A lead's `remind`: everything pending in scope, one claim per person and run."""
    key = rp.forced_key(sweep.scope, sweep.now)
    with sweep.uow_factory() as uow:
        until = uow.reminders.snoozed_until(team, user)
        if until is not None and until > sweep.now:
            sweep.report.snoozed += 1
            return None
        won = uow.reminders.claim(team, user, key, sweep.now)
        uow.commit()
    if not won:
        sweep.report.skipped_not_due += 1
        return None
    return [w for s in pending if (w := s.work[user])], key, []


def _claim_due(
    sweep: _Sweep, team: str, user: str, tz: tzinfo, pending: list[_Snapshot]
) -> _Picked | None:
    """Claim the person's slot when a reminder is due now; which assessments it covers."""
    now, report = sweep.now, sweep.report
    slots = []
    for snap in pending:
        policy, due = snap.assessment.reminder_policy, snap.assessment.due_date
        regular, due_slot = (
            rp.latest_slot(policy, tz, now),
            rp.latest_due_slot(policy, due, tz, now),
        )
        slots.append((snap, regular, due_slot))
    fresh = [s for _, r, d in slots for s in (r, d) if s is not None and rp.is_fresh(s, now)]
    if not fresh:  # the common case between slots: no query at all
        report.skipped_not_due += 1
        return None
    leads = {a.lead_id: _active(sweep, team, a.lead_id) for a in (s.assessment for s in pending)}
    with sweep.uow_factory() as uow:
        last = uow.reminders.last_sent(team, user)
        if rp.same_or_later_local_day(last, max(fresh)):  # at most one reminder a local day
            report.skipped_not_due += 1
            return None
        until = uow.reminders.snoozed_until(team, user)
        if until is not None and until > now:
            report.snoozed += 1
            return None
        covered = rp.latest([last, until])  # slots before this were sent or snoozed through
        chosen, triggers, escalations = [], [], []
        for snap, regular, due_slot in slots:
            a, policy, work = snap.assessment, snap.assessment.reminder_policy, snap.work[user]
            assert a.id is not None and work is not None
            hits = [s for s in (regular, due_slot) if s and (covered is None or s > covered)]
            if regular is not None and regular in hits:
                activity = uow.answers.last_activity(team, a.id, user)
                idle_since = rp.activity_reference(activity, a.created_at)
                if not rp.grace_over(activity, a.created_at, policy, regular):
                    hits.remove(regular)
                elif user != a.lead_id and leads[a.lead_id] and last and last > idle_since:
                    # counted before this slot's reminder: a whole cycle to react to the last one
                    count = uow.reminders.sent_since(team, user, idle_since)
                    if rp.should_escalate(count, policy):
                        escalations.append(Escalation(a.lead_id, user, work, count, idle_since))
            if hits:
                chosen.append(work)
                triggers += [s for s in hits if rp.is_fresh(s, now)]
        if not triggers:
            report.skipped_not_due += 1
            return None
        key = rp.slot_key(max(triggers))
        won = uow.reminders.claim(team, user, key, now)
        uow.commit()
    if not won:
        report.skipped_not_due += 1
        return None
    return chosen, key, escalations


def _escalation_sender(sweep: _Sweep, team: str, esc: Escalation) -> Callable[[], None]:
    return lambda: sweep.notifier.send_escalation(team, esc.lead_id, esc)


def _overdue(sweep: _Sweep, team: str, snap: _Snapshot) -> None:
    a = snap.assessment
    open_work = tuple(
        OpenWork(user, w.unanswered, len(w.evidence_owed)) for user, w in snap.work.items() if w
    )
    if a.due_date is None or not open_work or a.id is None:
        return
    lead = sweep.person(team, a.lead_id)
    if lead is None or lead.deleted:
        return
    tz = rp.person_tz(lead.tz, lead.tz_offset)
    slot = rp.overdue_slot(a.reminder_policy, a.due_date, tz, sweep.now)
    if slot is None or not rp.is_fresh(slot, sweep.now):
        return
    key_user, key = f"overdue:{a.id}", f"due:{a.due_date.isoformat()}"
    with sweep.uow_factory() as uow:  # a read first: an announced overdue costs no write a tick
        last = uow.reminders.last_sent(team, key_user)
    if last is not None and last >= rp.first_overdue_moment(a.reminder_policy, a.due_date, tz):
        return
    notice = OverdueNotice(a.lead_id, a.id, a.name, a.due_date, open_work)
    send = lambda: sweep.notifier.send_overdue(team, a.lead_id, notice)  # noqa: E731
    if _claim(sweep, team, key_user, key) and _deliver(sweep, team, key_user, key, send):
        sweep.report.overdue_notices += 1


def _claim(sweep: _Sweep, team: str, user_key: str, slot: str) -> bool:
    with sweep.uow_factory() as uow:
        won = uow.reminders.claim(team, user_key, slot, sweep.now)
        uow.commit()
    return won


def _deliver(sweep: _Sweep, team: str, user_key: str, slot: str, send: Callable[[], None]) -> bool:
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
