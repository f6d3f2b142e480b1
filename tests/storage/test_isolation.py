"""Workspace B can neither see nor change workspace A's rows, even knowing their ids."""

from __future__ import annotations

from dataclasses import replace

import pytest

from questionnaire.domain import (
    Answer,
    Evidence,
    EvidenceKind,
    PendingReply,
    Position,
    ReviewState,
    ThreadAnchor,
)

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at, new_assessment


def test_other_workspace_cannot_see_or_change_anything(backend: Backend) -> None:
    with backend.factory() as uow:
        mine = new_assessment(uow, name="Secret")
        assert mine.id is not None
        aid = mine.id
        uow.answers.record(TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(1))
        uow.answers.delegate(TEAM_A, aid, ["R002"], "UHELP", "UDEV1", at(1))
        link = Evidence(aid, "R001", EvidenceKind.LINK, "UDEV1", at(2), url="https://a")
        evidence = uow.evidence.add(TEAM_A, link)
        assert evidence.id is not None
        position = Position(aid, "UDEV1", "I1", 0, "D1", "1.1")
        uow.positions.save(TEAM_A, position)
        page = Position(aid, "UDEV1", "I1", 0, "C1", "2.2")
        uow.prompts.save_page(TEAM_A, page)
        item = (EvidenceKind.LINK, "https://kept", None)
        kept = uow.prompts.keep(TEAM_A, PendingReply(aid, "UDEV1", "C1", "2.2", (item,), at(2)))
        assert kept.id is not None
        theirs = new_assessment(uow, team_id=TEAM_B, name="Theirs")
        assert theirs.id is not None
        uow.commit()

    with backend.factory() as uow:
        # reads
        assert uow.assessments.get(TEAM_B, aid) is None
        assert uow.assessments.by_name(TEAM_B, "Secret") is None
        assert [a.id for a in uow.assessments.list(TEAM_B)] == [theirs.id]
        assert uow.assessments.list_for_user(TEAM_B, "UHELP") == []
        assert uow.answers.states(TEAM_B, aid) == {}
        assert uow.answers.get(TEAM_B, aid, "R001") is None
        assert uow.answers.history(TEAM_B, aid) == []
        assert uow.answers.last_activity(TEAM_B, aid, "UDEV1") is None
        assert uow.evidence.for_assessment(TEAM_B, aid) == []
        assert uow.positions.get(TEAM_B, aid, "UDEV1") is None
        assert uow.positions.by_message(TEAM_B, "D1", "1.1") is None
        assert uow.prompts.find(TEAM_B, "C1", "2.2") is None
        assert uow.prompts.pending(TEAM_B, kept.id) is None
        # writes
        with pytest.raises(KeyError):
            uow.answers.record(TEAM_B, aid, "R001", Answer.NOT_MET, "UEVIL", at(3))
        with pytest.raises(KeyError):
            uow.answers.delegate(TEAM_B, aid, ["R001"], "UEVIL", "UEVIL", at(3))
        with pytest.raises(KeyError):
            uow.answers.set_comment(TEAM_B, aid, "R001", "pwned", "UEVIL", at(3))
        with pytest.raises(KeyError):
            uow.answers.carry_over(TEAM_B, aid, theirs.id, ["R001"])
        with pytest.raises(KeyError):
            uow.answers.carry_over(TEAM_A, aid, theirs.id, ["R001"])
        with pytest.raises(KeyError):
            uow.evidence.add(TEAM_B, replace(link, added_by="UEVIL"))
        assert (
            uow.evidence.review(TEAM_B, evidence.id, ReviewState.REJECTED, "x", "UEVIL", at(3))
            is None
        )
        with pytest.raises(KeyError):
            uow.positions.save(TEAM_B, replace(position, item_id="I9"))
        with pytest.raises(KeyError):
            uow.prompts.save_page(TEAM_B, replace(page, item_id="I9"))
        with pytest.raises(KeyError):
            uow.prompts.keep(TEAM_B, replace(kept, id=None))
        assert uow.prompts.drop(TEAM_B, kept.id) is False
        with pytest.raises(KeyError):
            uow.assessments.update(replace(mine, team_id=TEAM_B, name="Pwned"), "UEVIL", at(3))
        with pytest.raises(KeyError):
            uow.assessments.set_role_holders(TEAM_B, aid, "dev", ["UEVIL"], "UEVIL", at(3))
        uow.commit()

    with backend.factory() as uow:
        assert uow.assessments.get(TEAM_A, aid) == mine
        state = uow.answers.get(TEAM_A, aid, "R001")
        assert state is not None and state.answer is Answer.MET and state.comment is None
        assert uow.evidence.for_assessment(TEAM_A, aid) == [evidence]
        assert uow.positions.get(TEAM_A, aid, "UDEV1") == position
        assert uow.prompts.find(TEAM_A, "C1", "2.2") == ThreadAnchor(aid, page)
        assert uow.prompts.pending(TEAM_A, kept.id) == kept
        assert len(uow.answers.history(TEAM_A, aid)) == 4
        assert uow.answers.history(TEAM_B, theirs.id)[0].actor == "ULEAD"
