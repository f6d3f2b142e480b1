"""The SQL unit of work: one session and transaction, the repositories bound to it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from questionnaire.framework import Framework
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
    UnitOfWork,
)

from .engine import reading
from .repositories import (
    SqlAdminRepository,
    SqlAnswerRepository,
    SqlAssessmentRepository,
    SqlEventRepository,
    SqlEvidenceRepository,
    SqlFrameworkStore,
    SqlHolidayRepository,
    SqlOrgRepository,
    SqlOutboxRepository,
    SqlPeopleRepository,
    SqlPositionRepository,
    SqlPromptRepository,
    SqlReminderRepository,
    SqlTickRepository,
)


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()`; leaving the block without commit rolls back."""

    frameworks: FrameworkStore
    assessments: AssessmentRepository
    answers: AnswerRepository
    evidence: EvidenceRepository
    positions: PositionRepository
    reminders: ReminderRepository
    events: EventRepository
    prompts: PromptRepository
    holidays: HolidayRepository
    outbox: OutboxRepository
    people: PeopleRepository
    admins: AdminRepository
    ticks: TickRepository
    orgs: OrgRepository

    def __init__(
        self,
        session_factory: Callable[[], Session],
        framework_cache: dict[str, Framework] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._framework_cache = framework_cache if framework_cache is not None else {}
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The open session (for tests and tools); only inside the `with` block."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in a `with` block")
        return self._session

    def __enter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        self.frameworks = SqlFrameworkStore(session, self._framework_cache)
        self.assessments = SqlAssessmentRepository(session)
        self.answers = SqlAnswerRepository(session)
        self.evidence = SqlEvidenceRepository(session)
        self.positions = SqlPositionRepository(session)
        self.reminders = SqlReminderRepository(session)
        self.events = SqlEventRepository(session)
        self.prompts = SqlPromptRepository(session)
        self.holidays = SqlHolidayRepository(session)
        self.outbox = SqlOutboxRepository(session)
        self.people = SqlPeopleRepository(session)
        self.admins = SqlAdminRepository(session)
        self.ticks = SqlTickRepository(session)
        self.orgs = SqlOrgRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            session.rollback()  # a no-op after commit
        finally:
            session.close()

    def commit(self) -> None:
        """Commit the transaction (and hand what it queued claimed to the request's handover,
        see `questionnaire.outbox.Handover`); the unit of work stays usable."""
        self.session.commit()
        handed(self.outbox.take_held())

    def rollback(self) -> None:
        """Roll the transaction back; the unit of work stays usable."""
        self.session.rollback()
        self.outbox.take_held()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on `engine` whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def make_uow_factory(
    engine: Engine, cache: dict[str, Framework] | None = None
) -> Callable[[], UnitOfWork]:
    """A factory of SQL units of work on `engine`, sharing one parsed-framework cache."""
    sessions = make_session_factory(engine)
    shared: dict[str, Framework] = cache if cache is not None else {}

    def factory() -> UnitOfWork:
        """A new, not yet entered unit of work."""
        return SqlUnitOfWork(sessions, shared)

    return factory


def make_uow_factories(
    engine: Engine,
) -> tuple[Callable[[], UnitOfWork], Callable[[], UnitOfWork]]:
    """Units of work on `engine`, and units for what only reads, or changes with one statement
    each (a compare-and-set, a claim): outside a transaction on PostgreSQL (no BEGIN and no
    COMMIT or ROLLBACK round trip), in a deferred one on SQLite (no write lock taken for a read);
    see `storage.engine.reading`. Both share one parsed-framework cache."""
    cache: dict[str, Framework] = {}
    return make_uow_factory(engine, cache), make_uow_factory(reading(engine), cache)
