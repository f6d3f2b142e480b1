"""Use case: confirm last time's (carried-over) answers on a page, as if each were clicked again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pytest

from bot.config.clock import FixedClock
from questionnaire.domain import Answer, AssessmentStatus, Evidence, EvidenceKind, RequirementState
from questionnaire.outbox import Completion, Message, NextPage, RefreshPage
from questionnaire.ports import UnitOfWork
from questionnaire.usecases.answering import ConfirmOutcome, confirm_answers, record_answer
from questionnaire.usecases.errors import Closed, NotAllowed, NotFound
from questionnaire.usecases.follow_up import PageAt
from tests.fakes import MemoryStore
from tests.storage.helpers import TEAM_A, TEAM_B, at, new_assessment

ADMIN = "UADMIN"
# make_framework: even requirements belong to ops (UOPS), odd ones to dev (UDEV1, UDEV2);
# R000 and R004 require evidence.
LAST_TIME = {
    "R000": Answer.MET,
    "R001": Answer.MET,
    "R002": Answer.NOT_MET,
    "R003": Answer.PARTIAL,
    "R004": Answer.MET,
}
OPS = ["R000", "R002", "R004"]


@dataclass
class World:
    """Last year's assessment, answered, and this year's continuing it (R002 already answered)."""

    uow: Callable[[], UnitOfWork]
    aid: int
    store: MemoryStore

    def confirm(
        self, ids: Sequence[str], actor: str = "UOPS", team: str = TEAM_A
    ) -> ConfirmOutcome:
        return confirm_answers(self.uow, FixedClock(at(200)), team, self.aid, ids, actor, {ADMIN})

    def states(self) -> dict[str, RequirementState]:
        with self.uow() as work:
            return work.answers.states(TEAM_A, self.aid)

    def history_counts(self) -> dict[str, int]:
        with self.uow() as work:
            return {r: len(work.answers.history(TEAM_A, self.aid, r)) for r in LAST_TIME}


def _world(status: AssessmentStatus = AssessmentStatus.ACTIVE) -> World:
    store = MemoryStore()
    factory = store.uow_factory()
    with factory() as work:
        old = new_assessment(work, name="2025", status=AssessmentStatus.COMPLETED)
        assert old.id is not None
        for minute, (rid, answer) in enumerate(LAST_TIME.items()):
            owner = "UOPS" if rid in OPS else "UDEV1"
            work.answers.record(TEAM_A, old.id, rid, answer, owner, at(minute))
        new = new_assessment(work, name="2026", created_at=at(100), previous_id=old.id)
        assert new.id is not None
        work.answers.carry_over(TEAM_A, old.id, new.id, list(LAST_TIME))
        # evidence carried over for R000 only; R004 (met, evidence required) has none
        work.evidence.add(
            TEAM_A, Evidence(new.id, "R000", EvidenceKind.LINK, "UOPS", at(1), url="https://x.y")
        )
        work.answers.record(TEAM_A, new.id, "R002", Answer.MET, "UOPS", at(150))
        if status is not AssessmentStatus.ACTIVE:
            work.assessments.update(replace(new, status=status), "ULEAD", at(160))
        work.commit()
    return World(factory, new.id, store)


@pytest.fixture
def world() -> World:
    return _world()


def test_confirms_only_the_to_confirm_answers_as_if_clicked_again(world: World) -> None:
    before, counts = world.states(), world.history_counts()
    outcome = world.confirm(OPS)
    after = world.states()
    assert [s.requirement_id for s in outcome.confirmed] == ["R000", "R004"]
    for rid in ("R000", "R004"):
        assert after[rid] == RequirementState(rid, Answer.MET, None, "UOPS", at(200))
    assert after["R002"] == before["R002"]  # answered this time: untouched
    assert {r: after[r] for r in ("R001", "R003")} == {r: before[r] for r in ("R001", "R003")}
    grown = {r: n - counts[r] for r, n in world.history_counts().items()}
    assert grown == {"R000": 1, "R001": 0, "R002": 0, "R003": 0, "R004": 1}
    assert outcome.evidence_needed == ["R004"]  # R000's evidence came over


def test_a_second_click_finds_nothing_left_to_confirm(world: World) -> None:
    world.confirm(OPS)
    counts = world.history_counts()
    assert world.confirm(OPS).confirmed == []
    assert world.history_counts() == counts


@pytest.mark.parametrize("actor", ["ULEAD", ADMIN])
def test_the_lead_and_admins_may_confirm_anyones(world: World, actor: str) -> None:
    outcome = world.confirm(list(LAST_TIME), actor)
    assert [s.requirement_id for s in outcome.confirmed] == ["R000", "R001", "R003", "R004"]
    assert {s.answered_by for s in outcome.confirmed} == {actor}


def test_only_what_the_clicker_may_answer_is_confirmed(world: World) -> None:
    outcome = world.confirm(["R000", "R001"], actor="UDEV2")  # another holder of dev
    assert [s.requirement_id for s in outcome.confirmed] == ["R001"]
    assert world.states()["R000"].to_confirm


def test_an_outsider_is_refused_like_when_answering(world: World) -> None:
    before = world.states()
    with pytest.raises(NotAllowed) as refused:
        world.confirm(OPS, actor="UDEV1")
    with pytest.raises(NotAllowed) as answering:
        record_answer(world.uow, FixedClock(at(201)), TEAM_A, world.aid, "R000", None, "UDEV1")
    assert str(refused.value) == str(answering.value)
    assert world.states() == before


def test_another_workspace_and_unknown_requirements_are_refused(world: World) -> None:
    with pytest.raises(NotFound):
        world.confirm(OPS, team=TEAM_B)
    with pytest.raises(NotFound, match="R999"):
        world.confirm(["R000", "R999"])
    assert world.states()["R000"].to_confirm


def test_a_closed_assessment_refuses() -> None:
    world = _world(AssessmentStatus.COMPLETED)
    with pytest.raises(Closed):
        world.confirm(OPS)


def _on_page(world: World, owner: str, actor: str | None = None) -> ConfirmOutcome:
    """The page's "Confirm last time's answers" button (the questions on it, None given)."""
    page = PageAt(owner, "I1", 0, f"D-{owner}", "0.1")
    clock = FixedClock(at(200))
    return confirm_answers(world.uow, clock, TEAM_A, world.aid, None, actor or owner, {ADMIN}, page)


def _queued(world: World) -> list[tuple[str, Message]]:
    return [(row.key, row.message) for row in world.store.tables.outbox.values()]


def test_on_a_page_it_queues_what_a_click_would(world: World) -> None:
    outcome = _on_page(world, "UOPS")
    assert [s.requirement_id for s in outcome.confirmed] == ["R000", "R004"]
    assert outcome.evidence_needed == ["R004"]  # the page shows it; no request DM
    aid = world.aid
    assert _queued(world) == [
        ("refresh:D-UOPS:0.1", RefreshPage(aid, "UOPS", "I1", 0, "D-UOPS", "0.1")),
        (f"next:{aid}:UOPS:I1:0", NextPage(aid, "UOPS")),  # R002 was answered: page done
    ]
    _on_page(world, "UOPS")  # clicked again: nothing left to confirm, nothing more to say
    assert len(_queued(world)) == 2


def test_confirming_leaves_the_page_open_while_a_question_is_new(world: World) -> None:
    _on_page(world, "UDEV1")  # R005 was not asked last time
    assert [key for key, _ in _queued(world)] == ["refresh:D-UDEV1:0.1"]


def test_the_last_confirmation_completes_the_assessment(world: World) -> None:
    record_answer(world.uow, FixedClock(at(190)), TEAM_A, world.aid, "R005", Answer.MET, "UDEV1")
    _on_page(world, "UOPS")
    _on_page(world, "UDEV1")
    completions = [m for _, m in _queued(world) if isinstance(m, Completion)]
    assert completions == [Completion(world.aid)]


def test_a_deleted_assessment_is_not_found(world: World) -> None:
    with world.uow() as work:
        work.assessments.delete(TEAM_A, world.aid)
        work.commit()
    with pytest.raises(NotFound):
        _on_page(world, "UOPS")
