"""Evidence, positions, page threads and kept replies, reminders, events and the unit of work's transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest

from questionnaire.domain import (
    Answer,
    Evidence,
    EvidenceKind,
    HistorySubject,
    PendingReply,
    Position,
    ReviewState,
    ThreadAnchor,
)

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at, new_assessment


def _assessment_id(backend: Backend) -> int:
    with backend.factory() as uow:
        added = new_assessment(uow)
        uow.commit()
    assert added.id is not None
    return added.id


def test_evidence_round_trip_and_review(backend: Backend) -> None:
    aid = _assessment_id(backend)
    link = Evidence(aid, "R001", EvidenceKind.LINK, "UDEV1", at(1), url="https://ci", title="CI")
    with backend.factory() as uow:
        first = uow.evidence.add(TEAM_A, link)
        second = uow.evidence.add(TEAM_A, replace(link, kind=EvidenceKind.NOTE, url=None, note="n"))
        uow.commit()
    assert first.id is not None and second.id is not None and first.id != second.id
    assert first == replace(link, id=first.id)
    with backend.factory() as uow:
        assert uow.evidence.for_assessment(TEAM_A, aid) == [first, second]
        reviewed = uow.evidence.review(
            TEAM_A, first.id, ReviewState.REJECTED, "broken link", "ULEAD", at(2)
        )
        assert uow.evidence.review(TEAM_A, 9999, ReviewState.ACCEPTED, None, "ULEAD", at(2)) is None
        uow.commit()
    assert reviewed == replace(first, review=ReviewState.REJECTED, review_reason="broken link")
    with backend.factory() as uow:
        assert uow.evidence.for_assessment(TEAM_A, aid)[0] == reviewed
        history = [
            h for h in uow.answers.history(TEAM_A, aid) if h.subject is HistorySubject.EVIDENCE
        ]
    assert [(h.actor, h.requirement_id, h.before) for h in history] == [
        ("UDEV1", "R001", None),
        ("UDEV1", "R001", None),
        ("ULEAD", "R001", '{"reason":null,"review":"provided"}'),
    ]
    assert history[0].after == (
        '{"kind":"link","note":null,"review":"provided","title":"CI","url":"https://ci"}'
    )
    assert history[2].after == '{"reason":"broken link","review":"rejected"}'


def test_positions_are_upserted_and_found_by_message(backend: Backend) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        assert uow.positions.get(TEAM_A, aid, "UDEV1") is None
        uow.positions.save(TEAM_A, Position(aid, "UDEV1", "I1"))
        uow.commit()
    with backend.factory() as uow:
        assert uow.positions.get(TEAM_A, aid, "UDEV1") == Position(aid, "UDEV1", "I1")
        moved = Position(aid, "UDEV1", "I2", page=2, channel_id="D01", message_ts="1700.0001")
        uow.positions.save(TEAM_A, moved)
        uow.positions.save(TEAM_A, Position(aid, "UOPS", "I1", 0, "D02", "1700.0002"))
        uow.commit()
    with backend.factory() as uow:
        assert uow.positions.get(TEAM_A, aid, "UDEV1") == moved
        assert uow.positions.by_message(TEAM_A, "D01", "1700.0001") == moved
        assert uow.positions.by_message(TEAM_A, "D01", "1700.0002") is None
        with pytest.raises(KeyError):
            uow.positions.save(TEAM_A, Position(9999, "UDEV1", "I1"))


def test_page_threads_are_remembered_per_message(backend: Backend) -> None:
    aid = _assessment_id(backend)
    first = Position(aid, "UDEV1", "I1", 0, "C01", "1700.1")
    with backend.factory() as uow:
        uow.prompts.save_page(TEAM_A, first)
        uow.prompts.save_page(TEAM_A, replace(first, page=1))  # replaced
        uow.prompts.save_page(TEAM_A, replace(first, item_id="I2", message_ts="1700.2"))
        uow.commit()
    with backend.factory() as uow:
        assert uow.prompts.find(TEAM_A, "C01", "1700.1") == ThreadAnchor(
            aid, replace(first, page=1)
        )
        assert uow.prompts.find(TEAM_A, "C01", "1700.2") == ThreadAnchor(
            aid, replace(first, item_id="I2", message_ts="1700.2")
        )  # an older page stays found after a newer one
        assert uow.prompts.find(TEAM_A, "C01", "1700.3") is None
        with pytest.raises(KeyError):
            uow.prompts.save_page(TEAM_A, replace(first, assessment_id=9999))


def test_replies_are_kept_until_dropped(backend: Backend) -> None:
    aid = _assessment_id(backend)
    items = ((EvidenceKind.LINK, "https://a.example", "A"), (EvidenceKind.FILE, "https://f", None))
    with backend.factory() as uow:
        kept = uow.prompts.keep(TEAM_A, PendingReply(aid, "UDEV1", "D1", "1.1", items, at(1)))
        uow.commit()
    assert kept.id is not None
    with backend.factory() as uow:
        assert uow.prompts.pending(TEAM_A, kept.id) == kept
        assert uow.prompts.drop(TEAM_A, kept.id) is True
        assert uow.prompts.drop(TEAM_A, kept.id) is False
        assert uow.prompts.pending(TEAM_A, kept.id) is None
        with pytest.raises(KeyError):
            uow.prompts.keep(TEAM_A, replace(kept, assessment_id=9999, id=None))


def test_reminder_claims_are_won_once(backend: Backend) -> None:
    with backend.factory() as uow:
        assert uow.reminders.claim(TEAM_A, "U1", "2026-01-05", at(0))
        assert not uow.reminders.claim(TEAM_A, "U1", "2026-01-05", at(1))
        assert uow.reminders.claim(TEAM_B, "U1", "2026-01-05", at(1))  # another workspace
        assert uow.reminders.claim(TEAM_A, "U1", "2026-01-06", at(60))
        uow.commit()
    with backend.factory() as uow:
        assert not uow.reminders.claim(TEAM_A, "U1", "2026-01-05", at(2))
        assert uow.reminders.sent_since(TEAM_A, "U1", None) == 2
        assert uow.reminders.sent_since(TEAM_A, "U1", at(0)) == 1
        assert uow.reminders.last_sent(TEAM_A, "U1") == at(60)
        assert uow.reminders.last_sent(TEAM_A, "U2") is None


def test_snoozes_and_processed_events(backend: Backend) -> None:
    with backend.factory() as uow:
        assert uow.reminders.snoozed_until(TEAM_A, "U1") is None
        uow.reminders.snooze(TEAM_A, "U1", at(10))
        uow.reminders.snooze(TEAM_A, "U1", at(20))
        assert uow.events.first_time(TEAM_A, "Ev1", at(0))
        assert not uow.events.first_time(TEAM_A, "Ev1", at(1))
        assert uow.events.first_time(TEAM_B, "Ev1", at(1))
        uow.commit()
    with backend.factory() as uow:
        assert uow.reminders.snoozed_until(TEAM_A, "U1") == at(20)
        assert uow.reminders.snoozed_until(TEAM_B, "U1") is None
        assert not uow.events.first_time(TEAM_A, "Ev1", at(2))


def test_leaving_without_commit_rolls_back(backend: Backend) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(1))
        uow.reminders.claim(TEAM_A, "U1", "slot", at(1))
    with pytest.raises(RuntimeError), backend.factory() as uow:
        uow.events.first_time(TEAM_A, "Ev1", at(1))
        raise RuntimeError("boom")
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, aid, "R002", Answer.MET, "UDEV1", at(1))
        uow.rollback()
        uow.answers.record(TEAM_A, aid, "R003", Answer.MET, "UDEV1", at(1))
        uow.commit()
    with backend.factory() as uow:
        assert set(uow.answers.states(TEAM_A, aid)) == {"R003"}
        assert uow.reminders.claim(TEAM_A, "U1", "slot", at(2))
        assert uow.events.first_time(TEAM_A, "Ev1", at(2))
