"""An answer's upsert returns the evidence of the requirements asked for, as
`EvidenceRepository.for_requirements` reads it, on every backend."""

from __future__ import annotations

from dataclasses import replace

from questionnaire.domain import Answer, Evidence, EvidenceKind, ReviewState

from .conftest import Backend
from .helpers import TEAM_A, at, new_assessment


def test_the_answer_returns_the_evidence_of_the_page_as_read_alone(backend: Backend) -> None:
    with backend.factory() as uow:
        added = new_assessment(uow)
        aid = added.id
        assert aid is not None
        link = Evidence(aid, "R001", EvidenceKind.LINK, "UDEV1", at(1), "https://wiki/x?a=1&b=2")
        uow.evidence.add(TEAM_A, link)
        note = replace(link, kind=EvidenceKind.NOTE, url=None, note='"quoted", ünïcode <b>')
        uow.evidence.add(TEAM_A, note)
        rejected = uow.evidence.add(TEAM_A, replace(link, requirement_id="R002", added_at=at(2)))
        assert rejected.id is not None
        uow.evidence.review(TEAM_A, rejected.id, ReviewState.REJECTED, "old", "ULEAD", at(3))
        uow.evidence.add(TEAM_A, replace(link, requirement_id="R009", title="not on the page"))
        uow.commit()
    asked = ["R001", "R002", "R003"]
    with backend.factory() as uow:
        recorded = uow.answers.record_held(
            TEAM_A, aid, "R001", Answer.MET, "UDEV1", at(4), None, asked
        )
        alone = uow.evidence.for_requirements(TEAM_A, aid, asked)
        uow.commit()
    assert list(recorded.evidence) == alone
    assert [(e.requirement_id, e.kind, e.review) for e in recorded.evidence] == [
        ("R001", EvidenceKind.LINK, ReviewState.PROVIDED),
        ("R001", EvidenceKind.NOTE, ReviewState.PROVIDED),
        ("R002", EvidenceKind.LINK, ReviewState.REJECTED),
    ]
    assert recorded.evidence[0].added_at == at(1) and recorded.evidence[0].added_at.tzinfo
    assert recorded.evidence_stands
    with backend.factory() as uow:  # asked for none: none read
        again = uow.answers.record_held(TEAM_A, aid, "R003", Answer.MET, "UDEV1", at(5), None)
        uow.commit()
    assert again.evidence == () and not again.evidence_stands
