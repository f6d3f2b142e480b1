"""What a reminder sweep works with: people, its report and its running state."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from questionnaire.calendars import Calendar
from questionnaire.domain import Profile, ReminderPolicy
from questionnaire.framework import Framework
from questionnaire.ports import UnitOfWorkFactory

log = logging.getLogger("questionnaire.reminders.sweep")


@dataclass(frozen=True, slots=True)
class Person:
    """What the sweep needs from a Slack profile."""

    user_id: str
    tz: str | None = None  # IANA name
    tz_offset: int | None = None  # seconds east of UTC
    deleted: bool = False


def person_of(profile: Profile) -> Person:
    """What the sweep needs from a stored profile; a bot counts as deactivated (it can't answer)."""
    return Person(profile.user_id, profile.tz, profile.tz_offset, profile.deleted or profile.is_bot)


class PeopleDirectory(Protocol):
    def person(self, team_id: str, user_id: str) -> Person | None:
        """The profile, None when Slack does not know the user."""


@dataclass(slots=True)
class SweepReport:
    """What one sweep did; `sent`, `escalated` and `overdue_notices` count what it queued in
    the outbox (delivered from there)."""

    considered: int = 0  # owners of requirements in the swept assessments
    sent: int = 0  # reminders queued
    skipped_not_due: int = 0
    skipped_nothing_pending: int = 0
    skipped_inactive: int = 0  # deactivated or unknown to Slack
    snoozed: int = 0
    failed: int = 0
    escalated: int = 0  # people the lead was told about
    overdue_notices: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Sweep:
    """One sweep's inputs and running state: profiles and frameworks are looked up once a run."""

    uow_factory: UnitOfWorkFactory
    directory: PeopleDirectory
    now: datetime
    force: bool  # a lead's `remind`: ignore cadence, grace and escalation
    scope: int | None  # one assessment id, or None for all active ones
    pace: timedelta = timedelta(0)  # between a workspace's reminders, whoever delivers them
    paced: int = 0  # reminders of the workspace being swept queued so far
    report: SweepReport = field(default_factory=SweepReport)
    people: dict[tuple[str, str], Person | None] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    # (assessment id, calendar) -> its policy with that calendar's public holidays added
    policies: dict[tuple[int | None, Calendar], ReminderPolicy] = field(default_factory=dict)

    def know(self, team: str, profiles: Mapping[str, Profile]) -> None:
        """Take these people's profiles from the people directory in the database: the
        directory port is then asked only about the others."""
        for user, profile in profiles.items():
            self.people[team, user] = person_of(profile)

    def person(self, team: str, user: str) -> Person | None:
        """The profile; a failed lookup raises and is not remembered, so it is tried again."""
        if (team, user) not in self.people:
            self.people[team, user] = self.directory.person(team, user)
        return self.people[team, user]

    def active(self, team: str, user: str) -> bool:
        """Known to Slack and not deactivated; a directory hiccup counts as active."""
        try:
            person = self.person(team, user)
        except Exception:  # a hiccup must not reroute anyone's questions
            return True
        return person is not None and not person.deleted

    def fail(self, what: str, exc: Exception) -> None:
        """Count and log one isolated failure; the sweep goes on with the others."""
        log.warning("reminder sweep: %s failed", what, exc_info=exc)
        self.report.failed += 1
        self.report.failures.append(f"{what}: {exc!r}")
