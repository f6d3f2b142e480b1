"""What every listener needs, built once by the composition root and passed in (no globals)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from bot.config.observer import NO_OBSERVER, Observer
from bot.config.settings import Settings
from bot.deadlines import Deadlines
from bot.i18n.readers import ReaderLocales
from bot.remembered import Remembered
from questionnaire.outbox import Handover
from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.registry import FrameworkRegistry
from questionnaire.usecases.context import AssessmentView


class Delivery(Protocol):
    @property
    def pace(self) -> timedelta:
        """How far apart a workspace's reminders are due (the courier's pace)."""

    def kick(self) -> None:
        """Something was queued in the outbox: deliver it (see bot.delivery.courier)."""

    def handing_over(self) -> AbstractContextManager[Handover | None]:
        """Hold for `deliver_handed` what is queued inside for someone waiting."""

    def deliver_handed(self, handover: Handover | None, seen: AssessmentView | None = None) -> int:
        """Deliver what `handing_over` held, now, in this thread (pages drawn from `seen`, the
        assessment as the request committed it, when given)."""


class _Later:
    """No courier wired (scripts and tests that only read or queue): the loop delivers later."""

    pace = timedelta(0)

    def kick(self) -> None:
        pass

    def handing_over(self) -> AbstractContextManager[Handover | None]:
        return nullcontext()  # nothing held: the loop delivers it

    def deliver_handed(self, handover: Handover | None, seen: AssessmentView | None = None) -> int:
        return 0


LISTED_ADMINS_TTL = 10.0  # seconds: a removed admin loses the rights in other processes soon


@dataclass(frozen=True)
class Services:
    settings: Settings
    uow: UnitOfWorkFactory
    clock: Clock
    registry: FrameworkRegistry
    admins: frozenset[str] = field(default_factory=frozenset)
    courier: Delivery = field(default_factory=_Later)
    observer: Observer = NO_OBSERVER  # what GET /metrics counts (bot/runtime/metrics.py)
    # each reader's locale for a minute: read for every request and delivery
    readers: ReaderLocales = field(default_factory=ReaderLocales, compare=False, repr=False)
    # each workspace's listed admins for a few seconds: read for every request, changed only by
    # `/maturity admins add|remove`, which forgets them here at once (others see it in seconds)
    listed_admins: Remembered[str, frozenset[str]] = field(
        default_factory=lambda: Remembered(LISTED_ADMINS_TTL), compare=False, repr=False
    )
    # Units of work that read, or change one row with one statement, outside a transaction
    # (storage.uow.make_uow_factories); None: the ordinary ones.
    reads: UnitOfWorkFactory | None = None
    # a click's, a modal's or a command's ack at its deadline when it runs long (bot.deadlines)
    deadlines: Deadlines = field(default_factory=Deadlines, compare=False, repr=False)

    @property
    def reader(self) -> UnitOfWorkFactory:
        """Units of work for reads and single-statement changes (see `reads`)."""
        return self.reads or self.uow

    @property
    def locale(self) -> str:
        """The language being spoken (`bot.i18n.speaking`): each delivery and request speaks
        its reader's; the deployment's default is `settings.default_locale`."""
        from bot.i18n import current_locale

        return current_locale()
