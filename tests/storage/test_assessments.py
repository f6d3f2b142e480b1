"""Framework copies and assessments: round trips, lookups, updates and their history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from questionnaire.domain import (
    AssessmentStatus,
    EvidencePolicy,
    HistorySubject,
    ReminderPolicy,
)

from .conftest import Backend
from .helpers import T0, TEAM_A, TEAM_B, at, make_framework, new_assessment


def test_framework_copies_are_stored_once_and_load_equal(backend: Backend) -> None:
    framework = make_framework(10)
    with backend.factory() as uow:
        first = uow.frameworks.save(framework)
        assert uow.frameworks.save(framework) == first == framework.content_hash()
        uow.commit()
    with backend.factory() as uow:
        loaded = uow.frameworks.load(first)
        assert loaded == framework and loaded.content_hash() == first
        assert loaded.locate("R003").role == "dev"
        with pytest.raises(KeyError):
            uow.frameworks.load("0" * 64)


def test_assessment_round_trip(backend: Backend) -> None:
    policy = ReminderPolicy(
        cadence="days", days=(1, 3), local_time=time(8, 15), holidays=(date(2026, 1, 1),)
    )
    with backend.factory() as uow:
        added = new_assessment(
            uow,
            target_level=2,
            due_date=date(2026, 3, 31),
            evidence_policy=EvidencePolicy.LENIENT,
            reminder_policy=policy,
            adaptive=True,
            roles={"dev": ["UDEV1", "UDEV2", "UDEV1"], "ops": []},
        )
        uow.commit()
    assert added.id is not None
    assert added.roles == {"dev": ["UDEV1", "UDEV2"]}
    with backend.factory() as uow:
        loaded = uow.assessments.get(TEAM_A, added.id)
    assert loaded == added
    assert loaded is not None and loaded.reminder_policy == policy
    assert loaded.created_at == T0 and loaded.created_at.tzinfo is not None


def test_adding_needs_a_stored_framework_copy(backend: Backend) -> None:
    with backend.factory() as uow:
        saved = new_assessment(uow)
        with pytest.raises(KeyError):
            uow.assessments.add(replace(saved, id=None, framework_hash="f" * 64))


def test_datetimes_are_normalised_to_utc(backend: Backend) -> None:
    plus_two = datetime(2026, 1, 5, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    with backend.factory() as uow:
        added = new_assessment(uow, created_at=plus_two)
        uow.commit()
    assert added.id is not None
    with backend.factory() as uow:
        loaded = uow.assessments.get(TEAM_A, added.id)
    assert loaded is not None and loaded.created_at == T0 and loaded.created_at.tzinfo == UTC


def test_by_name_is_case_insensitive_and_prefers_the_newest(backend: Backend) -> None:
    with backend.factory() as uow:
        new_assessment(uow, name="Q1 Review", created_at=at(0))
        newer = new_assessment(uow, name="q1 review", created_at=at(5))
        new_assessment(uow, team_id=TEAM_B, name="Q1 REVIEW", created_at=at(9))
        uow.commit()
    with backend.factory() as uow:
        found = uow.assessments.by_name(TEAM_A, "  Q1 REVIEW ")
        assert found is not None and found.id == newer.id
        assert uow.assessments.by_name(TEAM_A, "Q2") is None


def test_listing_newest_first_filtered_by_status_and_user(backend: Backend) -> None:
    with backend.factory() as uow:
        old = new_assessment(uow, name="old", created_at=at(0))
        mid = new_assessment(uow, name="mid", created_at=at(1), lead_id="UOTHER", roles={})
        new = new_assessment(uow, name="new", created_at=at(2), lead_id="UOTHER")
        new_assessment(uow, team_id=TEAM_B, name="other team", created_at=at(3))
        assert mid.id is not None and old.id is not None
        uow.answers.delegate(TEAM_A, mid.id, ["R001"], "UDELEGATE", "ULEAD", at(4))
        uow.assessments.update(replace(old, status=AssessmentStatus.COMPLETED), "ULEAD", at(5))
        uow.commit()
    with backend.factory() as uow:
        repo = uow.assessments
        assert [a.name for a in repo.list(TEAM_A)] == ["new", "mid", "old"]
        assert [a.name for a in repo.list(TEAM_A, [AssessmentStatus.ACTIVE])] == ["new", "mid"]
        assert [a.name for a in repo.list(TEAM_A, [])] == []
        assert [a.name for a in repo.list_for_user(TEAM_A, "ULEAD")] == ["old"]
        assert [a.name for a in repo.list_for_user(TEAM_A, "UOPS")] == ["new", "old"]
        assert [a.name for a in repo.list_for_user(TEAM_A, "UDELEGATE")] == ["mid"]
        assert repo.list_for_user(TEAM_A, "UNOBODY") == []
        assert repo.active_teams() == [TEAM_A, TEAM_B]
        assert new.id is not None


def test_update_saves_scalars_and_audits_status_and_lead(backend: Backend) -> None:
    with backend.factory() as uow:
        added = new_assessment(uow)
        uow.commit()
    assert added.id is not None
    changed = replace(
        added,
        name="Renamed",
        target_level=3,
        due_date=date(2026, 6, 30),
        evidence_policy=EvidencePolicy.LENIENT,
        reminder_policy=ReminderPolicy(cadence="daily", grace_days=5),
        adaptive=True,
        status=AssessmentStatus.COMPLETED,
        closed_at=at(60),
        lead_id="UNEWLEAD",
        roles={"ignored": ["U1"]},  # roles change only through set_role_holders
    )
    with backend.factory() as uow:
        uow.assessments.update(changed, "UADMIN", at(60))
        uow.commit()
    with backend.factory() as uow:
        loaded = uow.assessments.get(TEAM_A, added.id)
        history = uow.answers.history(TEAM_A, added.id)
    assert loaded == replace(changed, roles=added.roles)
    assert [(h.subject, h.actor, h.before, h.after) for h in history[1:]] == [
        (HistorySubject.STATUS, "UADMIN", '{"status":"active"}', '{"status":"completed"}'),
        (HistorySubject.ASSIGNMENT, "UADMIN", '{"lead":"ULEAD"}', '{"lead":"UNEWLEAD"}'),
    ]
    with backend.factory() as uow:
        uow.assessments.update(loaded, "UADMIN", at(61))  # no change: no history
        assert len(uow.answers.history(TEAM_A, added.id)) == 3
        with pytest.raises(KeyError):
            uow.assessments.update(replace(loaded, id=None), "UADMIN", at(61))


def test_role_holders_are_replaced_with_history(backend: Backend) -> None:
    with backend.factory() as uow:
        added = new_assessment(uow)
        assert added.id is not None
        uow.assessments.set_role_holders(
            TEAM_A, added.id, "dev", ["UNEW", "UDEV2", "UNEW"], "U1", at(1)
        )
        uow.assessments.set_role_holders(TEAM_A, added.id, "ops", [], "U1", at(2))
        uow.assessments.set_role_holders(TEAM_A, added.id, "dev", ["UDEV2", "UNEW"], "U1", at(3))
        uow.commit()
    with backend.factory() as uow:
        loaded = uow.assessments.get(TEAM_A, added.id)
        history = uow.answers.history(TEAM_A, added.id)
    assert loaded is not None and loaded.roles == {"dev": ["UDEV2", "UNEW"]}
    assert [h.subject for h in history] == [HistorySubject.ASSIGNMENT] * 4
    assert history[0].before is None
    assert history[0].after == '{"roles":{"dev":["UDEV1","UDEV2"],"ops":["UOPS"]}}'
    assert history[1].before == '{"role":"dev","users":["UDEV1","UDEV2"]}'
    assert history[1].after == '{"role":"dev","users":["UNEW","UDEV2"]}'
    assert history[2].after == '{"role":"ops","users":[]}'


def test_operators_look_across_workspaces_by_name_or_id_newest_first(backend: Backend) -> None:
    with backend.factory() as uow:
        older = new_assessment(uow, name="Q1 Review", created_at=at(0))
        other = new_assessment(uow, team_id=TEAM_B, name="q1 review", created_at=at(5))
        new_assessment(uow, name="Q2", created_at=at(9))
        uow.commit()
    with backend.factory() as uow:
        found = uow.assessments.across_workspaces(" Q1 REVIEW ")
        assert [(a.team_id, a.id) for a in found] == [(TEAM_B, other.id), (TEAM_A, older.id)]
        assert (
            found[1].describe()
            == f"{TEAM_A} #{older.id} 'Q1 Review' (active, started {at(0):%Y-%m-%d})"
        )
        assert found[1].created_at == at(0)
        assert [a.id for a in uow.assessments.across_workspaces(str(other.id))] == [other.id]
        assert [a.name for a in uow.assessments.across_workspaces(None, TEAM_A)] == [
            "Q2",
            "Q1 Review",
        ]
        assert len(uow.assessments.across_workspaces(None, limit=2)) == 2
