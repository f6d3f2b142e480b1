"""A small world for reminder sweep tests: a tiny framework, a clock, people, and what the sweeps
queued in the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from questionnaire.domain import (
    Answer,
    Assessment,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    ReminderPolicy,
)
from questionnaire.framework import (
    Domain,
    EvidenceSpec,
    Framework,
    Item,
    Level,
    Requirement,
    Role,
    SubItem,
)
from questionnaire.outbox import (
    NOW,
    EscalationDM,
    Marker,
    Message,
    OverdueDM,
    ReminderDM,
    Spacing,
)
from questionnaire.ports import OutboxRepository, UnitOfWork
from questionnaire.reminders.sweep import (
    Digest,
    Escalation,
    Person,
    SweepReport,
    run_sweep,
    snooze,
)
from tests.fakes import MemoryStore
from tests.fakes.outbox import OutboxRow

TEAM = "T1"
LEAD = "ULEAD"  # UTC
DEV = "UDEV"  # Asia/Shanghai, UTC+8: local 10:00 is 02:00 UTC
OPS = "UOPS"  # America/New_York, UTC-5 in November: local 10:00 is 15:00 UTC
MON = date(2026, 11, 23)
START = datetime(2026, 11, 16, tzinfo=UTC)  # a week before: the grace period is long over


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A UTC moment."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def tiny_framework() -> Framework:
    """Two items: Pipelines (dev: r1, r2, r3 needs evidence) and Monitoring (ops: r4, r5)."""

    def req(rid: str, role: str, evidence: bool = False) -> Requirement:
        return Requirement(
            id=rid,
            level=1,
            text=f"Text of {rid}",
            guidance="g",
            role=role,
            theme="process",
            evidence=EvidenceSpec(required=evidence),
        )

    pipelines = Item(
        id="i1",
        name="Pipelines",
        subitems=[
            SubItem(
                id="s1",
                name="Build",
                requirements=[req("r1", "dev"), req("r2", "dev"), req("r3", "dev", True)],
            )
        ],
    )
    monitoring = Item(
        id="i2",
        name="Monitoring",
        subitems=[
            SubItem(id="s2", name="Alerts", requirements=[req("r4", "ops"), req("r5", "ops")])
        ],
    )
    return Framework(
        id="tiny",
        version="1",
        title="Tiny",
        levels=[Level(number=1, key="basic", name="Basic")],
        roles=[Role(key="dev", name="Developer"), Role(key="ops", name="Operations")],
        domains=[Domain(id="d1", name="Delivery", items=[pipelines, monitoring])],
    )


@dataclass
class Clock:
    moment: datetime

    def now(self) -> datetime:
        return self.moment


@dataclass
class Directory:
    people: dict[str, Person]
    failing: set[str] = field(default_factory=set)

    def person(self, team_id: str, user_id: str) -> Person | None:
        if user_id in self.failing:
            raise RuntimeError(f"profile lookup failed for {user_id}")
        return self.people.get(user_id)


class FailingOutbox:
    """An outbox whose writes fail (a database error) for keys containing one of `failing`."""

    def __init__(self, inner: OutboxRepository, failing: set[str]) -> None:
        self._inner = inner
        self._failing = failing

    def add(self, team_id: str, key: str, message: Message, at: datetime) -> int | None:
        self._check(key)
        return self._inner.add(team_id, key, message, at)

    def add_many(
        self,
        team_id: str,
        messages: Sequence[tuple[str, Message]],
        at: datetime,
        spacing: Spacing = NOW,
    ) -> set[str]:
        for key, _ in messages:
            self._check(key)
        return self._inner.add_many(team_id, messages, at, spacing)

    def _check(self, key: str) -> None:
        if any(part in key for part in self._failing):
            raise RuntimeError(f"outbox write failed for {key}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _addressed(message: Message) -> tuple[str, Any]:
    """(recipient, what the tests compare) of a queued message."""
    if isinstance(message, ReminderDM):
        return message.digest.user_id, message.digest
    if isinstance(message, EscalationDM):
        return message.lead_id, message.escalations  # one DM: a tuple of escalations
    if isinstance(message, OverdueDM):
        return message.notice.lead_id, message.notice
    raise AssertionError(f"a sweep queued an unexpected {message.kind}")


class World:
    """One workspace with a lead, a developer in Shanghai and an operator in New York."""

    def __init__(self) -> None:
        self.store = MemoryStore()
        self.uow_factory = self._uow
        self.clock = Clock(START)
        self.directory = Directory(
            {
                LEAD: Person(LEAD, "UTC", 0),
                DEV: Person(DEV, "Asia/Shanghai", 8 * 3600),
                OPS: Person(OPS, None, -5 * 3600),  # no IANA name: the fixed offset is used
            }
        )
        self.failing: set[str] = set()  # outbox writes fail for keys containing one of these
        with self.uow_factory() as uow:
            self.framework_hash = uow.frameworks.save(tiny_framework())
            uow.commit()

    def _uow(self) -> UnitOfWork:
        uow = self.store.uow_factory()()
        if self.failing:
            uow.outbox = FailingOutbox(uow.outbox, self.failing)
        return uow

    def entries(self) -> list[OutboxRow]:
        """Every outbox entry in the order it was queued, markers included."""
        return sorted(self.store.tables.outbox.values(), key=lambda row: row.id)

    def sent(self) -> list[tuple[datetime, str, Any]]:
        """What the sweeps queued for delivery, in order: (when, recipient, what)."""
        return [
            (row.created_at, *_addressed(row.message))
            for row in self.entries()
            if not isinstance(row.message, Marker)
        ]

    def add(
        self,
        policy: ReminderPolicy | None = None,
        *,
        created: datetime = START,
        due: date | None = None,
        name: str = "Platform",
        roles: dict[str, list[str]] | None = None,
        team: str = TEAM,
    ) -> int:
        assessment = Assessment(
            team_id=team,
            name=name,
            project=name,
            framework_id="tiny",
            framework_version="1",
            framework_hash=self.framework_hash,
            lead_id=LEAD,
            channel_id="C1",
            created_at=created,
            roles=roles if roles is not None else {"dev": [DEV], "ops": [OPS]},
            due_date=due,
            reminder_policy=policy or ReminderPolicy(),
        )
        with self.uow_factory() as uow:
            added = uow.assessments.add(assessment)
            uow.commit()
        assert added.id is not None
        return added.id

    def answer(self, aid: int, user: str, when: datetime, **answers: Answer) -> None:
        with self.uow_factory() as uow:
            for rid, value in answers.items():
                uow.answers.record(TEAM, aid, rid, value, user, when)
            uow.commit()

    def add_evidence(self, aid: int, rid: str, user: str, when: datetime) -> None:
        with self.uow_factory() as uow:
            uow.evidence.add(
                TEAM, Evidence(aid, rid, EvidenceKind.LINK, user, when, url="https://x")
            )
            uow.commit()

    def close(self, aid: int) -> None:
        with self.uow_factory() as uow:
            assessment = uow.assessments.get(TEAM, aid)
            assert assessment is not None
            assessment.status = AssessmentStatus.COMPLETED
            uow.assessments.update(assessment, LEAD, self.clock.now())
            uow.commit()

    def sweep(self, when: datetime, **options: Any) -> SweepReport:
        self.clock.moment = when
        return run_sweep(self.uow_factory, self.clock, self.directory, **options)

    def sweep_every(self, start: datetime, end: datetime, step: timedelta) -> list[SweepReport]:
        reports, moment = [], start
        while moment < end:
            reports.append(self.sweep(moment))
            moment += step
        return reports

    def snooze(self, user: str, when: datetime, n_days: int) -> datetime:
        self.clock.moment = when
        return snooze(self.uow_factory, self.clock, TEAM, user, n_days)

    def digests(self, user: str) -> list[tuple[datetime, Digest]]:
        return [(t, m) for t, u, m in self.sent() if u == user and isinstance(m, Digest)]

    def digest_days(self, user: str, tz_hours: int) -> list[date]:
        """The local dates (at a fixed UTC offset) on which `user` got a digest."""
        return [(t + timedelta(hours=tz_hours)).date() for t, _ in self.digests(user)]

    def escalation_dms(self) -> list[tuple[datetime, str, tuple[Escalation, ...]]]:
        """Each DM to a lead about people stuck in one assessment."""
        return [(t, u, m) for t, u, m in self.sent() if isinstance(m, tuple)]

    def escalations(self, about: str) -> list[tuple[datetime, str, Escalation]]:
        """Each escalation about one person, whichever DM it was in."""
        return [(t, u, e) for t, u, dm in self.escalation_dms() for e in dm if e.user_id == about]

    def of_type(self, kind: type[Any]) -> list[tuple[datetime, str, Any]]:
        return [(t, u, m) for t, u, m in self.sent() if isinstance(m, kind)]
