"""Deleting an assessment removes every row of it, and nothing of any other assessment or team."""

from __future__ import annotations

from sqlalchemy import func, select

from questionnaire.domain import (
    Answer,
    Evidence,
    EvidenceKind,
    PendingReply,
    Position,
    ReviewState,
    ThreadAnchor,
)
from questionnaire.ports import UnitOfWork
from storage.records import Base

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at, new_assessment


def _page(assessment_id: int, tag: str) -> Position:
    return Position(assessment_id, "UDEV1", "I1", 0, f"D{tag}", f"2.{tag}")


def _fill(uow: UnitOfWork, team_id: str, assessment_id: int, tag: str) -> None:
    """An answer, a delegation, reviewed evidence, a position, a page thread, a kept reply and a
    forced reminder."""
    uow.answers.record(team_id, assessment_id, "R001", Answer.MET, "UDEV1", at(1))
    uow.answers.delegate(team_id, assessment_id, ["R002"], "UHELP", "UDEV1", at(2))
    evidence = uow.evidence.add(
        team_id,
        Evidence(assessment_id, "R001", EvidenceKind.LINK, "UDEV1", at(3), url=f"https://{tag}"),
    )
    assert evidence.id is not None
    uow.evidence.review(team_id, evidence.id, ReviewState.ACCEPTED, None, "ULEAD", at(4))
    uow.positions.save(team_id, Position(assessment_id, "UDEV1", "I1", 0, f"D{tag}", f"1.{tag}"))
    uow.prompts.save_page(team_id, _page(assessment_id, tag))
    item = (EvidenceKind.LINK, f"https://{tag}/kept", None)
    uow.prompts.keep(
        team_id, PendingReply(assessment_id, "UDEV1", f"D{tag}", f"2.{tag}", (item,), at(5))
    )
    assert uow.reminders.claim(team_id, "UDEV1", f"force:{assessment_id}:2026-01-05T09:30Z", at(5))


def test_delete_removes_everything_of_one_assessment_only(backend: Backend) -> None:
    with backend.factory() as uow:
        doomed = new_assessment(uow, name="Doomed")
        assert doomed.id is not None
        aid = doomed.id
        _fill(uow, TEAM_A, aid, "a")
        kept = new_assessment(uow, name="Kept", previous_id=aid)
        assert kept.id is not None
        uow.answers.carry_over(TEAM_A, aid, kept.id, ["R001"])
        _fill(uow, TEAM_A, kept.id, "k")
        other_team = new_assessment(uow, team_id=TEAM_B, name="Doomed")
        assert other_team.id is not None
        _fill(uow, TEAM_B, other_team.id, "b")
        # A person's own daily slot is not the assessment's: it stays.
        assert uow.reminders.claim(TEAM_A, "UDEV1", "day:2026-01-05", at(5))
        uow.commit()

    with backend.factory() as uow:
        assert uow.assessments.delete(TEAM_B, aid) is False  # another workspace, same id
        assert uow.assessments.delete(TEAM_A, aid) is True
        uow.commit()

    with backend.factory() as uow:
        assert uow.assessments.get(TEAM_A, aid) is None
        assert uow.assessments.by_name(TEAM_A, "Doomed") is None
        assert uow.answers.states(TEAM_A, aid) == {}
        assert uow.answers.history(TEAM_A, aid) == []
        assert uow.evidence.for_assessment(TEAM_A, aid) == []
        assert uow.positions.get(TEAM_A, aid, "UDEV1") is None
        assert uow.positions.by_message(TEAM_A, "Da", "1.a") is None
        assert uow.prompts.find(TEAM_A, "Da", "2.a") is None
        assert uow.reminders.sent_since(TEAM_A, "UDEV1", None) == 2  # day slot + kept's force
        assert uow.assessments.list_for_user(TEAM_A, "UHELP") == [
            uow.assessments.get(TEAM_A, kept.id)
        ]
        assert uow.assessments.delete(TEAM_A, aid) is False  # already gone

        survivor = uow.assessments.get(TEAM_A, kept.id)
        assert survivor is not None and survivor.previous_id is None
        states = uow.answers.states(TEAM_A, kept.id)
        assert states["R001"].answer is Answer.MET and states["R002"].delegated_to == "UHELP"
        assert [e.url for e in uow.evidence.for_assessment(TEAM_A, kept.id)] == ["https://k"]
        assert uow.answers.history(TEAM_A, kept.id)
        assert uow.positions.get(TEAM_A, kept.id, "UDEV1") is not None
        assert uow.prompts.find(TEAM_A, "Dk", "2.k") == ThreadAnchor(kept.id, _page(kept.id, "k"))

        theirs = uow.assessments.get(TEAM_B, other_team.id)
        assert theirs is not None and theirs.name == "Doomed"
        assert len(uow.answers.states(TEAM_B, other_team.id)) == 2
        assert len(uow.evidence.for_assessment(TEAM_B, other_team.id)) == 1
        assert uow.prompts.find(TEAM_B, "Db", "2.b") == ThreadAnchor(
            other_team.id, _page(other_team.id, "b")
        )
        assert uow.reminders.sent_since(TEAM_B, "UDEV1", None) == 1  # its forced reminder


def test_no_row_of_a_deleted_assessment_is_left_in_any_table(sql_backend: Backend) -> None:
    """Checked table by table, so a table added later cannot be forgotten silently."""
    with sql_backend.factory() as uow:
        doomed = new_assessment(uow, name="Doomed")
        assert doomed.id is not None
        _fill(uow, TEAM_A, doomed.id, "a")
        new_assessment(uow, name="Newer")  # the doomed one is not the newest row
        uow.commit()
    with sql_backend.factory() as uow:
        assert uow.assessments.delete(TEAM_A, doomed.id)
        uow.commit()
    assert sql_backend.engine is not None
    with sql_backend.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            column = table.c.get("assessment_id")
            if table.name == "assessments":
                column = table.c.id
            if column is None:
                continue
            left = connection.scalar(
                select(func.count()).select_from(table).where(column == doomed.id)
            )
            assert left == 0, table.name


def test_a_deleted_assessments_id_is_never_given_to_a_new_one(backend: Backend) -> None:
    """Old buttons carry the id: reusing it would let them act on someone else's assessment."""
    with backend.factory() as uow:
        first = new_assessment(uow, name="first")
        uow.commit()
    assert first.id is not None
    with backend.factory() as uow:
        assert uow.assessments.delete(TEAM_A, first.id)
        uow.commit()
    with backend.factory() as uow:
        second = new_assessment(uow, name="second")
        uow.commit()
    assert second.id is not None and second.id > first.id
