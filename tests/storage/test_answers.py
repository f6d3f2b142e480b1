"""Answers, delegations, carry-over and the history trail."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from questionnaire.domain import (
    Answer,
    Evidence,
    EvidenceKind,
    HistorySubject,
    RequirementState,
    ReviewState,
)

from .conftest import Backend
from .helpers import TEAM_A, at, new_assessment


def _assessment_id(backend: Backend, **fields: object) -> int:
    with backend.factory() as uow:
        added = new_assessment(uow, **fields)  # type: ignore[arg-type]
        uow.commit()
    assert added.id is not None
    return added.id


def test_record_returns_before_and_after_and_writes_history(backend: Backend) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        before, after = uow.answers.record(TEAM_A, aid, "R001", Answer.PARTIAL, "UDEV1", at(1))
        assert before is None
        assert after == RequirementState("R001", Answer.PARTIAL, None, "UDEV1", at(1))
        before, after = uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV2", at(2))
        assert before == RequirementState("R001", Answer.PARTIAL, None, "UDEV1", at(1))
        assert after == RequirementState("R001", Answer.MET, None, "UDEV2", at(2))
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.get(TEAM_A, aid, "R001") == after
        assert uow.answers.states(TEAM_A, aid) == {"R001": after}
        history = uow.answers.history(TEAM_A, aid, "R001")
        assert uow.answers.last_activity(TEAM_A, aid, "UDEV2") == at(2)
        assert uow.answers.last_activity(TEAM_A, aid, "UOPS") is None
    assert [(h.subject, h.actor, h.at, h.before, h.after) for h in history] == [
        (
            HistorySubject.ANSWER,
            "UDEV1",
            at(1),
            None,
            '{"answer":"partial","comment":null,"to_confirm":false}',
        ),
        (
            HistorySubject.ANSWER,
            "UDEV2",
            at(2),
            '{"answer":"partial","comment":null,"to_confirm":false}',
            '{"answer":"met","comment":null,"to_confirm":false}',
        ),
    ]


def test_record_held_writes_what_record_writes_and_keeps_comment_and_hand_off(
    backend: Backend,
) -> None:
    """Written under the assessment's lock with `before` already read: the same state and
    history row as `record`, the comment and the hand-off kept, to_confirm cleared."""
    held, plain = _assessment_id(backend, name="held"), _assessment_id(backend, name="plain")
    with backend.factory() as uow:
        for aid in (held, plain):
            uow.answers.set_comment(TEAM_A, aid, "R001", "why", "UDEV1", at(1))
            uow.answers.delegate(TEAM_A, aid, ["R001"], "UOPS", "ULEAD", at(1))
        uow.commit()
    with backend.factory() as uow:
        before = uow.answers.get(TEAM_A, held, "R001")
        recorded = uow.answers.record_held(TEAM_A, held, "R001", Answer.MET, "UOPS", at(2), before)
        after = recorded.after
        assert (before, after) == uow.answers.record(
            TEAM_A, plain, "R001", Answer.MET, "UOPS", at(2)
        )
        assert not recorded.evidence_stands
        first = uow.answers.record_held(
            TEAM_A, held, "R002", Answer.NOT_MET, "UOPS", at(2), None
        ).after
        assert first == RequirementState("R002", Answer.NOT_MET, None, "UOPS", at(2))
        with pytest.raises(KeyError):
            uow.answers.record_held(TEAM_A, 999, "R001", Answer.MET, "U1", at(2), None)
        uow.commit()
    with backend.factory() as uow:
        assert after == RequirementState("R001", Answer.MET, "why", "UOPS", at(2), "UOPS")
        assert uow.answers.get(TEAM_A, held, "R001") == after
        assert uow.answers.states(TEAM_A, held)["R002"] == first

        def trail(aid: int) -> list[tuple[object, ...]]:
            return [
                (h.subject, h.actor, h.at, h.before, h.after)
                for h in uow.answers.history(TEAM_A, aid, "R001")
            ]

        assert trail(held) == trail(plain)


NOTE = 'Partially met: we version data but not features — "v2" & <beta>'


def test_a_comment_keeps_the_answer_and_a_changed_answer_keeps_the_comment(
    backend: Backend,
) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, aid, "R001", Answer.PARTIAL, "UDEV1", at(1))
        before, after = uow.answers.set_comment(TEAM_A, aid, "R001", NOTE, "ULEAD", at(2))
        assert before == RequirementState("R001", Answer.PARTIAL, None, "UDEV1", at(1))
        assert after == RequirementState("R001", Answer.PARTIAL, NOTE, "UDEV1", at(1))
        uow.commit()
    with backend.factory() as uow:
        _, changed = uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV2", at(3))
        assert changed == RequirementState("R001", Answer.MET, NOTE, "UDEV2", at(3))
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.get(TEAM_A, aid, "R001") == changed
        assert uow.answers.states(TEAM_A, aid) == {"R001": changed}
        _, cleared = uow.answers.set_comment(TEAM_A, aid, "R001", None, "UDEV2", at(4))
        assert cleared == RequirementState("R001", Answer.MET, None, "UDEV2", at(3))
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.get(TEAM_A, aid, "R001") == cleared
        history = uow.answers.history(TEAM_A, aid, "R001")
    assert [(h.subject, h.actor, h.at) for h in history] == [
        (HistorySubject.ANSWER, "UDEV1", at(1)),
        (HistorySubject.ANSWER, "ULEAD", at(2)),
        (HistorySubject.ANSWER, "UDEV2", at(3)),
        (HistorySubject.ANSWER, "UDEV2", at(4)),
    ]
    assert [json.loads(h.after or "null") for h in history[1:]] == [
        {"answer": "partial", "comment": NOTE, "to_confirm": False},
        {"answer": "met", "comment": NOTE, "to_confirm": False},
        {"answer": "met", "comment": None, "to_confirm": False},
    ]


def test_a_comment_alone_is_a_state_and_an_unchanged_one_writes_nothing(
    backend: Backend,
) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        before, after = uow.answers.set_comment(TEAM_A, aid, "R003", "ask ops", "UDEV1", at(1))
        assert before is None and after == RequirementState("R003", comment="ask ops")
        assert uow.answers.set_comment(TEAM_A, aid, "R003", "ask ops", "UDEV2", at(2)) == (
            after,
            after,
        )
        nothing = uow.answers.set_comment(TEAM_A, aid, "R004", None, "UDEV2", at(2))
        assert nothing == (None, RequirementState("R004"))
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.states(TEAM_A, aid) == {"R003": after}
        assert uow.answers.last_activity(TEAM_A, aid, "UDEV2") is None  # it changed nothing
        uow.answers.set_comment(TEAM_A, aid, "R003", None, "UDEV1", at(3))
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.get(TEAM_A, aid, "R003") is None
        assert uow.answers.states(TEAM_A, aid) == {}
        history = uow.answers.history(TEAM_A, aid)
    comment_only = '{"answer":null,"comment":"ask ops","to_confirm":false}'
    assert [(h.requirement_id, h.at, h.before, h.after) for h in history[1:]] == [
        ("R003", at(1), None, comment_only),
        ("R003", at(3), comment_only, None),
    ]


def test_clearing_an_answer_keeps_a_delegation_and_is_audited(backend: Backend) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(1))
        uow.answers.record(TEAM_A, aid, "R002", Answer.MET, "UDEV1", at(1))
        uow.answers.delegate(TEAM_A, aid, ["R002"], "UHELP", "UDEV1", at(2))
        before, after = uow.answers.record(TEAM_A, aid, "R001", None, "UDEV1", at(3))
        assert before is not None and before.answer is Answer.MET
        assert after == RequirementState("R001")
        _, after2 = uow.answers.record(TEAM_A, aid, "R002", None, "UDEV1", at(4))
        assert after2 == RequirementState("R002", delegated_to="UHELP")
        # clearing what was never answered still leaves no state behind
        before3, _ = uow.answers.record(TEAM_A, aid, "R005", None, "UDEV1", at(5))
        assert before3 is None
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.states(TEAM_A, aid) == {"R002": after2}
        assert uow.answers.get(TEAM_A, aid, "R001") is None
        assert uow.answers.get(TEAM_A, aid, "R005") is None
        assert len(uow.answers.history(TEAM_A, aid)) == 1 + 2 + 1 + 3


def test_delegation_sets_and_clears_with_one_history_row_each(backend: Backend) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        uow.answers.delegate(TEAM_A, aid, ["R003", "R001", "R003"], "UHELP", "UDEV1", at(1))
        uow.answers.delegate(TEAM_A, aid, [], "UHELP", "UDEV1", at(1))
        uow.commit()
    with backend.factory() as uow:
        states = uow.answers.states(TEAM_A, aid)
        assert states == {
            "R001": RequirementState("R001", delegated_to="UHELP"),
            "R003": RequirementState("R003", delegated_to="UHELP"),
        }
        uow.answers.delegate(TEAM_A, aid, ["R001"], None, "ULEAD", at(2))
        uow.commit()
    with backend.factory() as uow:
        assert set(uow.answers.states(TEAM_A, aid)) == {"R003"}
        history = uow.answers.history(TEAM_A, aid)
    delegations = [(h.requirement_id, h.before, h.after) for h in history[1:]]
    assert delegations == [
        ("R003", '{"delegated_to":null}', '{"delegated_to":"UHELP"}'),
        ("R001", '{"delegated_to":null}', '{"delegated_to":"UHELP"}'),
        ("R001", '{"delegated_to":"UHELP"}', '{"delegated_to":null}'),
    ]
    assert all(h.subject is HistorySubject.DELEGATION for h in history[1:])


def test_carry_over_copies_answers_as_to_confirm(backend: Backend) -> None:
    old_id = _assessment_id(backend, name="2025")
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, old_id, "R001", Answer.MET, "UDEV1", at(1))
        uow.answers.set_comment(TEAM_A, old_id, "R001", "ci", "UDEV1", at(1))
        uow.answers.record(TEAM_A, old_id, "R002", Answer.NOT_MET, "UOPS", at(2))
        uow.answers.delegate(TEAM_A, old_id, ["R003"], "UHELP", "UDEV1", at(3))
        uow.answers.record(TEAM_A, old_id, "R004", Answer.MET, "UOPS", at(4))
        new = new_assessment(uow, name="2026", created_at=at(100), previous_id=old_id)
        assert new.id is not None
        uow.answers.record(TEAM_A, new.id, "R002", Answer.MET, "UOPS", at(101))
        ids = ["R001", "R002", "R003", "R005"]  # R004 left out on purpose
        assert uow.answers.carry_over(TEAM_A, old_id, new.id, ids) == 1
        uow.commit()
    with backend.factory() as uow:
        states = uow.answers.states(TEAM_A, new.id)
        history = uow.answers.history(TEAM_A, new.id, "R001")
        assert uow.answers.carry_over(TEAM_A, old_id, new.id, []) == 0
    assert states["R001"] == RequirementState("R001", Answer.MET, "ci", "UDEV1", at(1), None, True)
    assert states["R002"].answer is Answer.MET and not states["R002"].to_confirm
    assert set(states) == {"R001", "R002"}
    assert [(h.actor, h.at, h.before) for h in history] == [("ULEAD", at(100), None)]
    assert history[0].after == (
        f'{{"answer":"met","carried_from":{old_id},"comment":"ci","to_confirm":true}}'
    )
    with backend.factory() as uow:
        _, edited = uow.answers.set_comment(TEAM_A, new.id, "R001", "ci, cd", "UDEV1", at(102))
        assert edited == RequirementState("R001", Answer.MET, "ci, cd", "UDEV1", at(1), None, True)
        _, confirmed = uow.answers.record(TEAM_A, new.id, "R001", Answer.MET, "UDEV1", at(103))
    assert not confirmed.to_confirm and confirmed.comment == "ci, cd"


def test_last_activity_counts_answers_and_added_evidence(backend: Backend) -> None:
    from questionnaire.domain import Evidence, EvidenceKind, ReviewState

    aid = _assessment_id(backend)
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(1))
        evidence = uow.evidence.add(
            TEAM_A, Evidence(aid, "R001", EvidenceKind.LINK, "UDEV1", at(5), url="https://x.y")
        )
        assert evidence.id is not None
        uow.evidence.review(TEAM_A, evidence.id, ReviewState.ACCEPTED, None, "UDEV1", at(9))
        uow.answers.delegate(TEAM_A, aid, ["R002"], "UOPS", "UDEV1", at(10))
        uow.commit()
    with backend.factory() as uow:
        assert uow.answers.last_activity(TEAM_A, aid, "UDEV1") == at(5)


def test_unknown_assessment_is_a_key_error(backend: Backend) -> None:
    with backend.factory() as uow:
        with pytest.raises(KeyError):
            uow.answers.record(TEAM_A, 999, "R001", Answer.MET, "U1", at(0))
        with pytest.raises(KeyError):
            uow.answers.delegate(TEAM_A, 999, ["R001"], "U2", "U1", at(0))
        with pytest.raises(KeyError):
            uow.answers.set_comment(TEAM_A, 999, "R001", "x", "U1", at(0))
        assert uow.answers.states(TEAM_A, 999) == {}
        assert uow.answers.history(TEAM_A, 999) == []


def test_states_have_domain_types(backend: Backend) -> None:
    aid = _assessment_id(backend)
    with backend.factory() as uow:
        uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(1))
        uow.commit()
    with backend.factory() as uow:
        state = uow.answers.states(TEAM_A, aid)["R001"]
    assert type(state.answer) is Answer and type(state.to_confirm) is bool
    assert state.answered_at is not None and state.answered_at.tzinfo is not None


def test_record_held_tells_whether_the_requirements_evidence_stands(backend: Backend) -> None:
    """Evidence of the requirement that is not rejected stands; rejected evidence, or evidence
    of another requirement or assessment, does not."""
    aid, other = _assessment_id(backend, name="held"), _assessment_id(backend, name="other")
    with backend.factory() as uow:
        note = Evidence(aid, "R001", EvidenceKind.NOTE, "UDEV1", at(1), note="runbook")
        rejected = uow.evidence.add(TEAM_A, replace(note, requirement_id="R002"))
        assert rejected.id is not None
        uow.evidence.review(TEAM_A, rejected.id, ReviewState.REJECTED, "no", "ULEAD", at(1))
        uow.evidence.add(TEAM_A, replace(note, assessment_id=other, requirement_id="R003"))
        uow.evidence.add(TEAM_A, note)
        uow.commit()
    with backend.factory() as uow:
        stands = {
            rid: uow.answers.record_held(
                TEAM_A, aid, rid, Answer.MET, "UDEV1", at(2), None
            ).evidence_stands
            for rid in ("R001", "R002", "R003")
        }
        uow.commit()
    assert stands == {"R001": True, "R002": False, "R003": False}
