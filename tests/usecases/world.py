"""What the use-case tests share: a workspace in memory holding one assessment of the storage
tests' framework, a clock that moves only when told, and what a test reads back (states,
history, evidence, the outbox). Nothing here knows Slack.

The framework (tests.storage.helpers.make_framework) puts its requirements in one item, I1:
even ones (R000, R002, ...) belong to the ops role, held by UOPS; odd ones to the dev role,
held by UDEV1 (who is asked) and UDEV2. Every fourth (R000, R004, ...) needs evidence. Six
requirements per person make one page; fourteen make two (six, then one).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import pytest

from bot.config.clock import FixedClock
from questionnaire.domain import (
    Answer,
    Assessment,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    HistoryEntry,
    HistorySubject,
    Position,
    RequirementState,
)
from questionnaire.outbox import Message
from questionnaire.ports import UnitOfWorkFactory
from questionnaire.routing import Routing
from questionnaire.usecases.context import read_view
from questionnaire.usecases.errors import Closed, Invalid, NotFound, UseCaseError
from questionnaire.usecases.follow_up import PageAt
from tests.fakes import MemoryStore
from tests.fakes.store import Tables
from tests.storage.helpers import TEAM_A, TEAM_B, at, make_framework, new_assessment

LEAD = "ULEAD"  # of "Q1 review"
ADMIN = "UADMIN"
ADMINS = frozenset({ADMIN})
DEV, DEV2, OPS = "UDEV1", "UDEV2", "UOPS"  # the role holders, as in tests.storage.helpers
OUTSIDER = "UOUT"  # holds no role and leads nothing
NOW = at(60)  # where every world's clock starts: an hour after the assessment was created

M = TypeVar("M", bound=Message)


def owner_of(requirement_id: str) -> str:
    """Who is asked a requirement while the roles are as built: UOPS the even, UDEV1 the odd."""
    return OPS if int(requirement_id[1:]) % 2 == 0 else DEV


def page_at(owner: str, page: int = 0) -> PageAt:
    """The page of item I1 `owner` clicked on, in their DM (where World.showing puts it)."""
    return PageAt(owner, "I1", page, f"D-{owner}", f"{page}.1")


def data(text: str | None) -> Any:
    """A history row's JSON value, read back (None stays None)."""
    return None if text is None else json.loads(text)


@dataclass
class World:
    """One workspace in memory (TEAM_A) with the assessment `aid`, and its clock."""

    store: MemoryStore
    clock: FixedClock
    aid: int

    @property
    def uow(self) -> UnitOfWorkFactory:
        return self.store.uow_factory()

    # --- reading back -----------------------------------------------------------------------

    def tables(self) -> Tables:
        """Every table as it is now: a refused request must leave them all equal (events too,
        so a refused modal can be submitted again)."""
        return self.store.tables.snapshot()

    def outbox(self) -> list[tuple[str, Message]]:
        """What is queued, as (key, message), oldest first."""
        rows = sorted(self.store.tables.outbox.values(), key=lambda row: row.id)
        return [(row.key, row.message) for row in rows]

    def queued(self, kind: type[M]) -> list[M]:
        """The queued messages of one kind, oldest first."""
        return [message for _, message in self.outbox() if isinstance(message, kind)]

    def assessment(self) -> Assessment | None:
        with self.uow() as uow:
            return uow.assessments.get(TEAM_A, self.aid)

    def states(self) -> dict[str, RequirementState]:
        with self.uow() as uow:
            return uow.answers.states(TEAM_A, self.aid)

    def history(self, subject: HistorySubject) -> list[HistoryEntry]:
        with self.uow() as uow:
            return [e for e in uow.answers.history(TEAM_A, self.aid) if e.subject is subject]

    def evidence(self) -> list[Evidence]:
        with self.uow() as uow:
            return uow.evidence.for_assessment(TEAM_A, self.aid)

    def routing(self) -> Routing:
        return read_view(self.uow, TEAM_A, self.aid).routing

    # --- refusals ---------------------------------------------------------------------------

    @contextmanager
    def refused(
        self, error: type[UseCaseError], match: str | None = None
    ) -> Iterator[pytest.ExceptionInfo[UseCaseError]]:
        """Expect `error` from the block, and every table as it was before: a refusal leaves no
        trace, not even the key of the modal it came from (corrected, it may go through)."""
        before = self.tables()
        with pytest.raises(error, match=match) as caught:
            yield caught
        assert self.tables() == before

    def invalid(self, call: Callable[[], object]) -> dict[str, str]:
        """The fields (and their messages) `call` is refused for as Invalid, without a trace."""
        with self.refused(Invalid) as refused:
            call()
        assert isinstance(refused.value, Invalid)
        return refused.value.fields

    def refuses_unless_open(self, call: Callable[[str], object]) -> None:
        """`call(team)` is refused without a trace: NotFound from another workspace, Closed once
        the assessment is closed, NotFound once it is deleted (this closes and deletes it)."""
        with self.refused(NotFound):
            call(TEAM_B)
        self.set_status(AssessmentStatus.COMPLETED)
        with self.refused(Closed):
            call(TEAM_A)
        self.delete()
        with self.refused(NotFound, match="deleted"):
            call(TEAM_A)

    # --- arranging, straight through the repositories (nothing is queued) --------------------

    def answer(self, answers: Mapping[str, Answer | None], by: str | None = None) -> None:
        """Record answers, each by its owner unless `by` says who."""
        with self.uow() as uow:
            for rid, answer in answers.items():
                who = by or owner_of(rid)
                uow.answers.record(TEAM_A, self.aid, rid, answer, who, self.clock.now())
            uow.commit()

    def attach(self, requirement_id: str, url: str = "https://wiki.example/proof") -> None:
        """Evidence for a requirement, added by its owner."""
        who = owner_of(requirement_id)
        proof = Evidence(self.aid, requirement_id, EvidenceKind.LINK, who, self.clock.now(), url)
        with self.uow() as uow:
            uow.evidence.add(TEAM_A, proof)
            uow.commit()

    def showing(self, user_id: str, page: int = 0, ts: str | None = None) -> Position:
        """Record that `user_id` looks at this page of item I1 in their DM (D-<user>), as the
        courier does when it posts a page (its thread takes evidence)."""
        position = Position(self.aid, user_id, "I1", page, f"D-{user_id}", ts or f"{page}.1")
        with self.uow() as uow:
            uow.positions.save(TEAM_A, position)
            uow.prompts.save_page(TEAM_A, position)
            uow.commit()
        return position

    def set_status(self, status: AssessmentStatus) -> None:
        with self.uow() as uow:
            found = uow.assessments.get(TEAM_A, self.aid)
            assert found is not None
            uow.assessments.update(replace(found, status=status), LEAD, self.clock.now())
            uow.commit()

    def delete(self) -> None:
        with self.uow() as uow:
            assert uow.assessments.delete(TEAM_A, self.aid)
            uow.commit()


def make_world(requirements: int = 6, **fields: Any) -> World:
    """A fresh store with one assessment ("Q1 review", led by ULEAD) of a framework of
    `requirements` requirements; `fields` override the assessment's (status, roles, ...)."""
    store = MemoryStore()
    with store.uow_factory()() as uow:
        added = new_assessment(uow, framework=make_framework(requirements), **fields)
        uow.commit()
    assert added.id is not None
    return World(store, FixedClock(NOW), added.id)
