"""Use case: the lead (or an admin) changes an assessment's reminder settings; whoever did it,
and the lead when it was someone else, hear the settings now in force."""

from __future__ import annotations

from datetime import time

import pytest

from questionnaire.domain import AssessmentStatus, ReminderPolicy
from questionnaire.outbox import SettingsSaved
from questionnaire.usecases.admin import update_policy
from questionnaire.usecases.errors import Closed, Duplicate, NotAllowed
from tests.storage.helpers import TEAM_A

from .world import ADMIN, ADMINS, DEV, LEAD, NOW, OPS, OUTSIDER, World

NEW_POLICY = ReminderPolicy(cadence="days", days=(0, 3), local_time=time(8, 30), grace_days=0)


def update(
    world: World, actor: str = LEAD, once: str | None = "V-settings", team: str = TEAM_A
) -> None:
    update_policy(world.uow, world.clock, team, world.aid, NEW_POLICY, actor, ADMINS, once=once)


def policy(world: World) -> ReminderPolicy:
    found = world.assessment()
    assert found is not None
    return found.reminder_policy


def test_the_lead_changes_the_policy_and_is_told_once(world: World) -> None:
    update(world)
    assert policy(world) == NEW_POLICY
    assert world.outbox() == [("settings:V-settings:ULEAD", SettingsSaved(world.aid, LEAD, LEAD))]


def test_an_admin_changes_it_and_the_lead_hears_of_it_too(world: World) -> None:
    update(world, ADMIN)
    assert policy(world) == NEW_POLICY
    assert world.outbox() == [
        ("settings:V-settings:UADMIN", SettingsSaved(world.aid, ADMIN, ADMIN)),
        ("settings:V-settings:ULEAD", SettingsSaved(world.aid, ADMIN, LEAD)),
    ]


def test_without_a_modal_the_request_is_named_by_who_and_when(world: World) -> None:
    update(world, once=None)
    [(key, _)] = world.outbox()
    assert key == f"settings:ULEAD@{NOW.isoformat()}:ULEAD"


def test_the_same_modal_submitted_twice_saves_and_tells_once(world: World) -> None:
    update(world)
    with world.refused(Duplicate):
        update(world)


@pytest.mark.parametrize("actor", [DEV, OPS, OUTSIDER])
def test_anyone_else_is_refused_and_nothing_changes(world: World, actor: str) -> None:
    with world.refused(NotAllowed) as refused:
        update(world, actor)
    assert str(refused.value) == (
        "Only the lead of “Q1 review” (<@ULEAD>) or an admin can change its reminder settings."
    )
    update(world)  # a refusal records nothing: the same view id still goes through


def test_a_closed_assessment_is_told_it_sends_no_more_reminders(world: World) -> None:
    world.set_status(AssessmentStatus.COMPLETED)
    with world.refused(Closed) as refused:
        update(world)
    # About settings, as `/maturity settings` says it, not about answers.
    assert str(refused.value) == "“Q1 review” is closed: it sends no more reminders or digests."


def test_closed_deleted_or_foreign_assessments_are_refused(world: World) -> None:
    world.refuses_unless_open(lambda team: update(world, team=team))
