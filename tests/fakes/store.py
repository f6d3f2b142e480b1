"""The in-memory 'database': every table, and the store that hands out units of work on it."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from questionnaire.calendars import Calendar
from questionnaire.domain import (
    Assessment,
    Evidence,
    HistoryEntry,
    PendingReply,
    Position,
    Profile,
    RequirementState,
    ThreadAnchor,
    WorkspaceAdmin,
)
from questionnaire.ports import UnitOfWork

from .outbox import OutboxRow
from .uow import FakeUnitOfWork


@dataclass
class Tables:
    """Every table; values are never mutated in place, so a shallow copy is a snapshot."""

    frameworks: dict[str, str] = field(default_factory=dict)
    assessments: dict[int, Assessment] = field(default_factory=dict)
    states: dict[tuple[int, str], RequirementState] = field(default_factory=dict)
    evidence: dict[int, Evidence] = field(default_factory=dict)
    history: list[tuple[str, HistoryEntry]] = field(default_factory=list)
    positions: dict[tuple[int, str], Position] = field(default_factory=dict)
    prompts: dict[tuple[str, str, str], ThreadAnchor] = field(default_factory=dict)
    pending: dict[int, tuple[str, PendingReply]] = field(default_factory=dict)
    claims: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    snoozes: dict[tuple[str, str], datetime] = field(default_factory=dict)
    events: dict[tuple[str, str], datetime] = field(default_factory=dict)
    holidays: dict[tuple[str, date], tuple[str, datetime]] = field(default_factory=dict)
    calendars: dict[str, Calendar] = field(default_factory=dict)
    outbox: dict[int, OutboxRow] = field(default_factory=dict)
    people: dict[tuple[str, str], str | Profile] = field(
        default_factory=dict
    )  # a name only, or a profile
    admins: dict[tuple[str, str], WorkspaceAdmin] = field(default_factory=dict)
    ticks: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)  # workspace -> its Grid organisation
    languages: dict[str, str] = field(default_factory=dict)  # workspace -> its language

    def snapshot(self) -> Tables:
        return Tables(**{name: copy.copy(value) for name, value in vars(self).items()})


class MemoryStore:
    """The shared in-memory 'database'."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables = Tables()
        self.next_id = {"assessment": 1, "evidence": 1, "outbox": 1, "pending": 1}

    def new_id(self, kind: str) -> int:
        value = self.next_id[kind]
        self.next_id[kind] = value + 1
        return value

    def uow_factory(self) -> Callable[[], UnitOfWork]:
        return lambda: FakeUnitOfWork(self)
