"""Use case: adaptive questioning. A blocking answer takes the questions above its level off the
owners' pages; an answer that unblocks the level brings them back, with one next page to whoever
had finished; the completion summary does not wait for questions that are not asked.

In the world's framework (twelve requirements, one sub-item S1) levels cycle 1, 2, 3: UDEV1 owns
the odd ones (R003, R009 at level 1), UOPS the even ones (R000, R006 at level 1)."""

from __future__ import annotations

from questionnaire.domain import Answer, ReminderPolicy
from questionnaire.outbox import Completion, NextPage
from questionnaire.usecases.admin import update_policy
from questionnaire.usecases.answering import record_answer
from questionnaire.usecases.context import read_view
from questionnaire.usecases.follow_up import PageAt
from tests.storage.helpers import TEAM_A

from .world import ADMINS, DEV, LEAD, OPS, World, make_world, page_at

LEVEL_ONE = {DEV: ["R003", "R009"], OPS: ["R000", "R006"]}


def adaptive_world(**fields: object) -> World:
    return make_world(12, adaptive=True, **fields)


def asked_of(world: World, user: str) -> list[str]:
    return [loc.requirement.id for loc in world.routing().owned_by(user)]


def answer(world: World, rid: str, value: Answer | None, page: PageAt | None = None) -> None:
    owner = DEV if int(rid[1:]) % 2 else OPS
    record_answer(world.uow, world.clock, TEAM_A, world.aid, rid, value, owner, page=page)


def next_pages(world: World, user: str) -> list[str]:
    return [key for key, m in world.outbox() if isinstance(m, NextPage) and m.user_id == user]


def test_a_not_met_takes_the_questions_above_its_level_off_every_owners_page() -> None:
    world = adaptive_world()
    assert len(asked_of(world, DEV)) == len(asked_of(world, OPS)) == 6
    answer(world, "R003", Answer.NOT_MET, page_at(DEV))
    assert asked_of(world, DEV) == LEVEL_ONE[DEV]
    assert asked_of(world, OPS) == LEVEL_ONE[OPS]
    assert world.routing().skipped == {f"R{n:03d}" for n in range(12)} - {
        "R000",
        "R003",
        "R006",
        "R009",
    }


def test_a_met_still_owing_evidence_or_not_applicable_blocks_nothing() -> None:
    world = adaptive_world()
    answer(world, "R000", Answer.MET)  # evidence required, none given
    answer(world, "R003", Answer.NOT_APPLICABLE)
    assert world.routing().skipped == frozenset()


def test_an_assessment_that_asks_everything_skips_nothing(world: World) -> None:
    world.answer({"R000": Answer.NOT_MET})
    assert world.routing().skipped == frozenset()


def test_unblocking_while_the_owner_still_has_questions_queues_nothing_more() -> None:
    world = adaptive_world()
    answer(world, "R003", Answer.NOT_MET)
    answer(world, "R003", Answer.MET)
    assert len(asked_of(world, DEV)) == 6
    assert next_pages(world, DEV) == next_pages(world, OPS) == []


def test_unblocking_brings_the_questions_back_with_one_next_page_to_who_had_finished() -> None:
    world = adaptive_world()
    answer(world, "R003", Answer.NOT_MET, page_at(DEV))
    answer(world, "R009", Answer.MET, page_at(DEV))  # UDEV1 has finished: the rest is skipped
    finished = next_pages(world, DEV)
    assert asked_of(world, DEV) == LEVEL_ONE[DEV] and len(finished) == 1
    world.clock.advance(minutes=5)
    answer(world, "R003", Answer.PARTIAL, page_at(DEV))  # still blocks: nothing comes back
    assert next_pages(world, DEV) == finished
    world.clock.advance(minutes=5)
    answer(world, "R003", Answer.MET, page_at(DEV))  # unblocks
    assert len(asked_of(world, DEV)) == 6
    [back] = [key for key in next_pages(world, DEV) if key not in finished]
    assert back.startswith(f"back:{world.aid}:{DEV}:")
    assert next_pages(world, OPS) == []  # UOPS still had level-one questions to answer


def test_the_completion_summary_does_not_wait_for_questions_not_asked() -> None:
    world = adaptive_world()
    answer(world, "R003", Answer.NOT_MET, page_at(DEV))
    answer(world, "R009", Answer.MET, page_at(DEV))
    answer(world, "R000", Answer.NOT_APPLICABLE, page_at(OPS))
    assert world.queued(Completion) == []
    answer(world, "R006", Answer.MET, page_at(OPS))
    assert world.queued(Completion) == [Completion(world.aid)]


def test_turning_it_off_in_the_settings_brings_everything_back() -> None:
    world = adaptive_world()
    answer(world, "R003", Answer.NOT_MET, page_at(DEV))
    answer(world, "R009", Answer.MET, page_at(DEV))
    before = next_pages(world, DEV)
    policy = ReminderPolicy()
    update_policy(world.uow, world.clock, TEAM_A, world.aid, policy, LEAD, ADMINS, adaptive=False)
    view = read_view(world.uow, TEAM_A, world.aid)
    assert not view.assessment.adaptive and view.routing.skipped == frozenset()
    assert len(next_pages(world, DEV)) == len(before) + 1
    assert next_pages(world, OPS) == []


def test_leaving_the_setting_alone_in_the_settings_keeps_it() -> None:
    world = adaptive_world()
    update_policy(world.uow, world.clock, TEAM_A, world.aid, ReminderPolicy(), LEAD, ADMINS)
    assert read_view(world.uow, TEAM_A, world.aid).assessment.adaptive


def test_questions_an_answer_brings_back_come_with_their_evidence() -> None:
    """The answer's own statement returns the evidence of the page as it stood; questions the
    answer brings back onto it have theirs read too, so the page is drawn whole."""
    world = adaptive_world()
    answer(world, "R003", Answer.NOT_MET, page_at(DEV))
    assert asked_of(world, DEV) == LEVEL_ONE[DEV]
    world.attach("R005")  # skipped for now: not on the page the next click starts from
    world.attach("R003")
    outcome = record_answer(
        world.uow, world.clock, TEAM_A, world.aid, "R003", Answer.MET, DEV, page=page_at(DEV)
    )
    shown = [loc.requirement.id for loc in outcome.view.routing.owned_by(DEV)]
    assert "R005" in shown and outcome.view.has_evidence_of(shown)
    pieces = outcome.view.evidence
    assert [e.requirement_id for e in pieces] == ["R005", "R003"]  # oldest first
    assert [e.id for e in pieces] == sorted(e.id or 0 for e in pieces)
