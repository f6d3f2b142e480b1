"""Gathering a sweep's work: each active assessment's policy, owners, open work and activity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from questionnaire.calendars import Calendar, calendar_for, public_holidays
from questionnaire.domain import Assessment, AssessmentStatus, ReminderPolicy, RequirementState
from questionnaire.holidays import policy_with_workspace_holidays, with_holidays
from questionnaire.ports import UnitOfWork
from questionnaire.reminders import policy as rp
from questionnaire.reminders.context import Sweep
from questionnaire.reminders.policy import AssessmentDigest
from questionnaire.routing import Routing


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One active assessment as read this tick."""

    assessment: Assessment
    policy: ReminderPolicy  # what this sweep applies: see `policy_for`
    calendar: Calendar | None  # the workspace's public holidays; people may have their own
    work: dict[str, AssessmentDigest | None]  # every owner; None when nothing is pending
    activity: dict[str, datetime]  # owner -> their last answer or added evidence here


def policy_for(uow: UnitOfWork, assessment: Assessment) -> ReminderPolicy:
    """The reminder policy a sweep applies to an assessment: the one place a sweep reads it."""
    return policy_with_workspace_holidays(uow, assessment)  # its holidays and the workspace's


def personal_policy(sweep: Sweep, snap: Snapshot, tz_name: str | None) -> ReminderPolicy:
    """The snapshot's policy plus the public holidays of the person's calendar (their time
    zone's country, else the workspace's: see `calendar_for`), built once per sweep."""
    calendar = calendar_for(tz_name, snap.calendar)
    if calendar is None:
        return snap.policy
    key = (snap.assessment.id, calendar)
    if key not in sweep.policies:
        years = tuple(range(sweep.now.year - 1, sweep.now.year + 2))  # any local date near now
        sweep.policies[key] = with_holidays(snap.policy, public_holidays(calendar, years))
    return sweep.policies[key]


def gather(sweep: Sweep, team: str) -> list[Snapshot]:
    """Read every active assessment in scope in one short transaction, then route its work.

    A constant number of statements per assessment whatever the number of people, and the
    people directory's profiles of them all in bulk; Slack is asked (after the transaction)
    only about people the directory does not hold yet."""
    rows = []
    with sweep.uow_factory() as uow:
        assessments = [
            a
            for a in uow.assessments.list(team, [AssessmentStatus.ACTIVE])
            if a.id is not None and sweep.scope in (None, a.id)
        ]
        activity = uow.answers.last_activity_many(team, [a.id for a in assessments if a.id])
        calendar = uow.holidays.calendar(team)
        for a in assessments:
            assert a.id is not None
            try:
                if a.framework_hash not in sweep.frameworks:  # frozen copies never change
                    sweep.frameworks[a.framework_hash] = uow.frameworks.load(a.framework_hash)
                states = uow.answers.states(team, a.id)
                evidence = uow.evidence.for_assessment(team, a.id)
            except KeyError as exc:  # a missing framework copy: skip this assessment only
                sweep.fail(f"{team}/assessment {a.id} read", exc)
                continue
            mine = {user: at for (aid, user), at in activity.items() if aid == a.id}
            rows.append((a, policy_for(uow, a), states, evidence, mine))
        everyone = {user for a, _, states, _, _ in rows for user in _people(a, states)}
        sweep.know(team, uow.people.profiles(team, everyone))
    snapshots = []
    for a, policy, states, evidence, mine in rows:
        inactive = frozenset(u for u in _people(a, states) if not sweep.active(team, u))
        routing = Routing(sweep.frameworks[a.framework_hash], a, states, inactive)
        work = rp.pending_work(a, routing, evidence)
        snapshots.append(Snapshot(a, policy, calendar, work, mine))
    return snapshots


def _people(a: Assessment, states: Mapping[str, RequirementState]) -> set[str]:
    """Everyone the assessment may route work to: its lead, role holders and delegates."""
    people = {a.lead_id, *(u for us in a.roles.values() for u in us)}
    return people | {s.delegated_to for s in states.values() if s.delegated_to}


def pending_by_person(snapshots: list[Snapshot]) -> list[tuple[str, list[Snapshot]]]:
    """Every owner (sorted) with the assessments where they have work pending (maybe none)."""
    by_user: dict[str, list[Snapshot]] = {}
    for snap in snapshots:  # in snapshot order, so digests list assessments newest first
        for owner, work in snap.work.items():
            mine = by_user.setdefault(owner, [])
            if work:
                mine.append(snap)
    return sorted(by_user.items())
