"""What every listener needs, built once by the composition root and passed in (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.registry import FrameworkRegistry

from .settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    uow: UnitOfWorkFactory
    clock: Clock
    registry: FrameworkRegistry
    admins: frozenset[str] = field(default_factory=frozenset)

    @property
    def locale(self) -> str:
        return self.settings.default_locale
