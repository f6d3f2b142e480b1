"""Use case: a reply in a question page's thread. Its links and files go to the question the
reply names, else to the one question on the page owing evidence; otherwise the reply is kept
and a picker asked in the thread, and the pick attaches it. Each is confirmed in the thread and
refreshes the page; the event id is recorded with it, so Slack's retry changes nothing.

UOPS's page (item I1, in D-UOPS at 0.1) holds R000, R002 and R004; R000 and R004 need evidence.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from questionnaire.domain import Answer, EvidenceKind
from questionnaire.outbox import EvidenceAttached, EvidencePicker, Note, RefreshPage
from questionnaire.usecases.errors import Duplicate, NotAllowed, NotFound
from questionnaire.usecases.page_threads import (
    NO_EVIDENCE_IN_REPLY,
    UNREADABLE_FILE,
    ThreadReply,
    attach_from_thread,
    attach_kept,
    named_requirements,
)
from tests.storage.helpers import TEAM_A

from .world import ADMINS, DEV, LEAD, OPS, World

PAGE = ("D-UOPS", "0.1")
LINK = (EvidenceKind.LINK, "https://wiki.example/runbook", "Runbook")
FILE = (EvidenceKind.FILE, "https://files.example/audit.pdf", "audit.pdf")
REPLY = ThreadReply(TEAM_A, "Ev1", *PAGE, OPS, (LINK, FILE), "here you go")
ATTACHED = (("link", LINK[1], LINK[2]), ("file", FILE[1], FILE[2]))
REFRESH = ("refresh:D-UOPS:0.1", RefreshPage(1, OPS, "I1", 0, *PAGE))


def reply(world: World, **changes: object) -> int:
    return attach_from_thread(world.uow, world.clock, replace(REPLY, **changes), ADMINS)


def pick(world: World, requirement_id: str, actor: str = OPS, reply_id: int = 1) -> int:
    return attach_kept(
        world.uow, world.clock, TEAM_A, world.aid, reply_id, requirement_id, actor, "9.9", ADMINS
    )


def on_question(world: World) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for e in world.evidence():
        found.setdefault(e.requirement_id, []).append(e.url or "")
    return found


@pytest.fixture
def world(world: World) -> World:
    world.showing(OPS)
    return world


def test_the_one_question_owing_evidence_gets_it(world: World) -> None:
    world.answer({"R000": Answer.MET, "R002": Answer.MET, "R004": Answer.NOT_MET})
    assert reply(world) == 2
    assert on_question(world) == {"R000": [LINK[1], FILE[1]]}
    assert world.outbox() == [
        ("reply:Ev1", EvidenceAttached(world.aid, "R000", *PAGE, ATTACHED)),
        REFRESH,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "for r004",
        "`R004`",
        "*R004*.",
        "&lt;R004&gt; &amp; more",
        "see <https://wiki.example/x|R004 runbook>",
        "R001 is not on this page, R004 is",
    ],
)
def test_the_question_the_reply_names_gets_it(world: World, text: str) -> None:
    world.answer({"R000": Answer.MET, "R004": Answer.PARTIAL})  # both owe evidence
    assert reply(world, text=text) == 2
    assert on_question(world) == {"R004": [LINK[1], FILE[1]]}
    assert world.outbox()[0] == ("reply:Ev1", EvidenceAttached(world.aid, "R004", *PAGE, ATTACHED))


def test_naming_beats_the_one_owing(world: World) -> None:
    world.answer({"R000": Answer.MET})
    assert reply(world, text="this is for R002") == 2
    assert list(on_question(world)) == ["R002"]


def test_an_id_is_a_whole_word() -> None:
    ids = ["DE.DC.SI.L2.1", "DE.DC.SI.L2.10", "R004"]
    assert named_requirements("see de.dc.si.l2.1.", ids) == ["DE.DC.SI.L2.1"]
    assert named_requirements("R0040 and xR004 and <https://x/R004>", ids) == []


def test_when_it_cannot_tell_it_keeps_the_reply_and_asks_in_the_thread(world: World) -> None:
    world.answer({"R000": Answer.MET, "R004": Answer.PARTIAL})
    assert reply(world) == 0
    assert world.evidence() == []
    assert world.outbox() == [("reply:Ev1", EvidencePicker(world.aid, 1, *PAGE, ("R000", "R004")))]
    with world.uow() as uow:
        kept = uow.prompts.pending(TEAM_A, 1)
    assert kept is not None and kept.items == (LINK, FILE) and kept.user_id == OPS

    assert pick(world, "R004") == 2
    assert on_question(world) == {"R004": [LINK[1], FILE[1]]}
    assert world.outbox()[1:] == [
        ("picked:1", EvidenceAttached(world.aid, "R004", *PAGE, ATTACHED, ts="9.9")),
        REFRESH,
    ]
    with world.uow() as uow:
        assert uow.prompts.pending(TEAM_A, 1) is None
    with world.refused(Duplicate):  # a double click
        pick(world, "R000")


def test_with_nothing_owed_the_picker_offers_the_whole_page(world: World) -> None:
    assert reply(world, text="two names: R000 and R002") == 0  # several named: those
    assert reply(world, event_id="Ev2") == 0  # none named, none owed: all of the page
    assert world.queued(EvidencePicker) == [
        EvidencePicker(world.aid, 1, *PAGE, ("R000", "R002")),
        EvidencePicker(world.aid, 2, *PAGE, ("R000", "R002", "R004")),
    ]


def test_only_who_may_answer_the_question_may_pick(world: World) -> None:
    world.answer({"R000": Answer.MET, "R004": Answer.PARTIAL})
    reply(world)
    with world.refused(NotAllowed):
        pick(world, "R004", actor=DEV)
    assert pick(world, "R004", actor=LEAD) == 2


def test_slacks_retry_is_applied_once(world: World) -> None:
    world.answer({"R000": Answer.MET, "R004": Answer.PARTIAL})
    reply(world)
    with world.refused(Duplicate):
        reply(world)
    assert len(world.tables().pending) == 1


def test_someone_who_may_not_answer_is_told_why_and_nothing_is_kept(world: World) -> None:
    world.answer({"R000": Answer.MET})
    assert reply(world, user_id=DEV) == 0  # the one owed: refused
    world.answer({"R004": Answer.MET})
    assert reply(world, user_id=DEV, event_id="Ev2") == 0  # a picker: not for them
    assert world.evidence() == [] and world.tables().pending == {}
    assert [key for key, _ in world.outbox()] == ["refused:Ev1", "refused:Ev2"]


def test_a_reply_in_an_older_pages_thread_still_attaches(world: World) -> None:
    world.answer({"R000": Answer.MET})
    world.showing(OPS, ts="0.2")  # the same page posted again later
    assert reply(world) == 2
    assert [key for key, _ in world.outbox()] == [
        "reply:Ev1",
        "refresh:D-UOPS:0.1",  # the page the reply was on
        "refresh:D-UOPS:0.2",  # and the one the person looks at now
    ]


def test_chat_without_a_link_or_file_gets_one_how_to_in_a_while(world: World) -> None:
    assert reply(world, items=(), text="how do I add evidence?") == 0
    assert reply(world, items=(), text="thanks!", event_id="Ev2") == 0
    assert world.queued(Note) == [Note(PAGE[0], NO_EVIDENCE_IN_REPLY, PAGE[1])]
    assert reply(world, items=(), user_id=LEAD, event_id="Ev3") == 0  # someone else: once too
    world.clock.advance(hours=13)
    assert reply(world, items=(), event_id="Ev4") == 0
    assert len(world.queued(Note)) == 3
    assert world.evidence() == []


def test_a_pick_after_the_assessment_was_deleted_says_so(world: World) -> None:
    world.answer({"R000": Answer.MET, "R004": Answer.PARTIAL})
    reply(world)
    world.delete()
    with world.refused(NotFound):
        pick(world, "R004")


def test_a_file_slack_shows_without_a_link_gets_an_honest_answer_not_the_how_to(
    world: World,
) -> None:
    """Shared from another organisation (Slack Connect) or hidden by the plan: a file was meant,
    so "attach a file" would be wrong; the answer says why and what to do instead."""
    assert reply(world, items=(), text="the audit", unreadable_files=1) == 0
    assert world.queued(Note) == [Note(PAGE[0], UNREADABLE_FILE, PAGE[1])]
    assert world.evidence() == []
