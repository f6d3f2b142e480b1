"""The in-memory unit of work: one serialised transaction, the fake repositories bound to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from questionnaire.outbox import handed
from questionnaire.ports import (
    AdminRepository,
    AnswerRepository,
    AssessmentRepository,
    EventRepository,
    EvidenceRepository,
    FrameworkStore,
    HolidayRepository,
    OrgRepository,
    OutboxRepository,
    PeopleRepository,
    PositionRepository,
    PromptRepository,
    ReminderRepository,
    TickRepository,
)

from .admins import FakeAdminRepository
from .answers import FakeAnswerRepository
from .assessments import FakeAssessmentRepository
from .events import FakeEventRepository
from .evidence import FakeEvidenceRepository
from .frameworks import FakeFrameworkStore
from .holidays import FakeHolidayRepository
from .orgs import FakeOrgRepository
from .outbox import FakeOutboxRepository
from .people import FakePeopleRepository
from .positions import FakePositionRepository
from .prompts import FakePromptRepository
from .reminders import FakeReminderRepository
from .ticks import FakeTickRepository

if TYPE_CHECKING:
    from .store import MemoryStore, Tables


class FakeUnitOfWork:
    """One serialised transaction on a MemoryStore; rolled back unless committed."""

    frameworks: FrameworkStore
    assessments: AssessmentRepository
    answers: AnswerRepository
    evidence: EvidenceRepository
    positions: PositionRepository
    prompts: PromptRepository
    reminders: ReminderRepository
    events: EventRepository
    holidays: HolidayRepository
    outbox: OutboxRepository
    people: PeopleRepository
    admins: AdminRepository
    ticks: TickRepository
    orgs: OrgRepository

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.frameworks = FakeFrameworkStore(store)
        self.assessments = FakeAssessmentRepository(store)
        self.answers = FakeAnswerRepository(store)
        self.evidence = FakeEvidenceRepository(store)
        self.positions = FakePositionRepository(store)
        self.prompts = FakePromptRepository(store)
        self.reminders = FakeReminderRepository(store)
        self.events = FakeEventRepository(store)
        self.holidays = FakeHolidayRepository(store)
        self.outbox = FakeOutboxRepository(store)
        self.people = FakePeopleRepository(store)
        self.admins = FakeAdminRepository(store)
        self.ticks = FakeTickRepository(store)
        self.orgs = FakeOrgRepository(store)
        self._snapshot: Tables | None = None

    def __enter__(self) -> Self:
        self.store.lock.acquire()
        self._snapshot = self.store.tables.snapshot()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self.rollback()
        finally:
            self._snapshot = None
            self.store.lock.release()

    def commit(self) -> None:
        self._snapshot = self.store.tables.snapshot()
        handed(self.outbox.take_held())

    def rollback(self) -> None:
        self.outbox.take_held()
        if self._snapshot is not None:
            self.store.tables = self._snapshot.snapshot()
