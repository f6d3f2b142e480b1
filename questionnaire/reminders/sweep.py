"""Reminder sweep use case: digests to owners, escalations and overdue notices to leads.

A sweep, per workspace, in three steps, each in its own module:
1. `gather`: read the active assessments (and their policy: `policy_for`) and route each
   owner's open work, in one short transaction.
2. `decide`: find whose slot is due now (pure), then read their reminder state in bulk,
   one transaction per batch of people, and decide what each digest covers.
3. `queue`: claim a batch's (person, slot) pairs in one statement and queue the won ones'
   reminders in the outbox, in one transaction; then escalations (one DM per lead and assessment) and overdue notices.
The claim's unique key is what makes a reminder go out once across processes, restarts and
retries; the bulk reads only decide what is worth claiming. Nothing is sent here: the outbox
is delivered (and a failed send retried) after the sweep's transactions commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.reminders.context import PeopleDirectory, Person, Sweep, SweepReport, log
from questionnaire.reminders.decide import BATCH, Candidate, candidate, plan_batch
from questionnaire.reminders.gather import gather, pending_by_person
from questionnaire.reminders.policy import (
    AssessmentDigest,
    Digest,
    Escalation,
    ItemCount,
    OpenWork,
    OverdueNotice,
    OwedEvidence,
)
from questionnaire.reminders.queue import queue_escalations, queue_overdue_notices, queue_reminders

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
    "SweepReport",
    "run_sweep",
    "snooze",
]


def run_sweep(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    directory: PeopleDirectory,
    *,
    team_ids: Sequence[str] | None = None,
    assessment_id: int | None = None,
    force: bool = False,
    take: Callable[[str], bool] = lambda team: True,
    pace: timedelta = timedelta(0),
) -> SweepReport:
    """One sweep: derive due work from the repositories, claim and queue each message, report.

    `take` is asked for each workspace just before it is swept; one it refuses (another process
    sweeps it this tick) is skipped. A workspace's reminders are due `pace` apart, so however
    many processes deliver them, they reach Slack no faster."""
    sweep = Sweep(uow_factory, directory, clock.now(), force, assessment_id, pace)
    if team_ids is None:
        with uow_factory() as uow:
            team_ids = uow.assessments.active_teams()
    for team in team_ids:
        try:
            if take(team):
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


def _sweep_team(sweep: Sweep, team: str) -> None:
    sweep.paced = 0
    snapshots = gather(sweep, team)
    candidates: list[Candidate] = []
    for user, pending in pending_by_person(snapshots):
        sweep.report.considered += 1
        if not pending:
            sweep.report.skipped_nothing_pending += 1
            continue
        try:
            if found := candidate(sweep, team, user, pending):
                candidates.append(found)
        except Exception as exc:  # e.g. a failed profile lookup: this person only
            sweep.fail(f"{team}/{user} digest", exc)
    escalations: list[Escalation] = []
    for start in range(0, len(candidates), BATCH):
        escalations += _remind_batch(sweep, team, candidates[start : start + BATCH])
    if escalations:
        queue_escalations(sweep, team, escalations)
    if not sweep.force:
        queue_overdue_notices(sweep, team, snapshots)


def _remind_batch(sweep: Sweep, team: str, batch: list[Candidate]) -> list[Escalation]:
    """Queue the batch's digests; returns the escalations they made due."""
    try:
        plans = plan_batch(sweep, team, batch)
    except Exception as exc:  # a failed read: these people wait for the next tick
        sweep.fail(f"{team}/batch of {len(batch)} from {batch[0].user_id} read", exc)
        return []
    try:  # one transaction for the batch, the common case
        return queue_reminders(sweep, team, plans)
    except Exception:  # then one each, so a failure holds back one reminder, to the next tick
        log.info("reminder sweep: %s/batch from %s failed; one by one", team, batch[0].user_id)
    escalations: list[Escalation] = []
    for plan in plans:
        try:
            escalations += queue_reminders(sweep, team, [plan])
        except Exception as exc:
            sweep.fail(f"{team}/{plan.user_id} digest", exc)
    return escalations
