"""Use case: a reply in the thread of an evidence request (posted by older versions: their
threads keep working) attaches its links and files to the requirement, with the thread's confirmation and the page refreshes queued and the event id
recorded in the same transaction: Slack's retry of the event changes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from questionnaire.domain import AssessmentStatus, EvidenceKind, ThreadAnchor
from questionnaire.outbox import EvidenceAttached, Note, RefreshPage, family_key
from questionnaire.usecases.errors import Duplicate
from questionnaire.usecases.page_threads import (
    NO_EVIDENCE_IN_REPLY,
    ThreadReply,
    attach_from_thread,
)
from tests.storage.helpers import TEAM_A, TEAM_B

from .world import ADMINS, DEV, LEAD, NOW, OPS, World

PROMPT = ("D-UOPS", "50.5")  # the evidence request for R000, in UOPS's DM
REPLY = ThreadReply(
    team_id=TEAM_A,
    event_id="Ev1",
    channel=PROMPT[0],
    thread_ts=PROMPT[1],
    user_id=OPS,
    items=(
        (EvidenceKind.LINK, "https://wiki.example/runbook", "Runbook"),
        (EvidenceKind.FILE, "https://files.example/audit.pdf", "audit.pdf"),
    ),
)


@pytest.fixture
def world(world: World) -> World:
    # No version writes these any more: the row an older one left.
    world.store.tables.prompts[(TEAM_A, *PROMPT)] = ThreadAnchor(world.aid, requirement_id="R000")
    return world


def reply(world: World, **changes: object) -> int:
    return attach_from_thread(world.uow, world.clock, replace(REPLY, **changes), ADMINS)


def test_links_and_files_are_attached_confirmed_in_the_thread_and_pages_refreshed(
    world: World,
) -> None:
    world.showing(OPS)
    assert reply(world) == 2
    assert [(e.requirement_id, e.kind, e.url, e.title, e.added_by, e.added_at) for e in world.evidence()] == [
        ("R000", EvidenceKind.LINK, "https://wiki.example/runbook", "Runbook", OPS, NOW),
        ("R000", EvidenceKind.FILE, "https://files.example/audit.pdf", "audit.pdf", OPS, NOW),
    ]  # fmt: skip
    attached = (
        ("link", "https://wiki.example/runbook", "Runbook"),
        ("file", "https://files.example/audit.pdf", "audit.pdf"),
    )
    assert world.outbox() == [
        ("reply:Ev1", EvidenceAttached(world.aid, "R000", *PROMPT, attached)),
        ("refresh:D-UOPS:0.1", RefreshPage(world.aid, OPS, "I1", 0, "D-UOPS", "0.1")),
    ]


def test_slacks_retry_of_the_event_is_a_duplicate_and_changes_nothing(world: World) -> None:
    reply(world)
    with world.refused(Duplicate):
        reply(world)
    assert reply(world, event_id="Ev2") == 2  # another reply is another event


def test_the_lead_may_reply_with_evidence_for_anyones_question(world: World) -> None:
    assert reply(world, user_id=LEAD) == 2
    assert {e.added_by for e in world.evidence()} == {LEAD}


def test_a_reply_without_a_link_or_file_is_answered_with_how_to(world: World) -> None:
    assert reply(world, items=()) == 0
    assert world.evidence() == []
    hint = family_key(f"hint:{PROMPT[0]}:{PROMPT[1]}:{OPS}", NOW.isoformat())
    assert world.outbox() == [(hint, Note(PROMPT[0], NO_EVIDENCE_IN_REPLY, PROMPT[1]))]
    with pytest.raises(Duplicate):
        reply(world, items=())


def test_a_reply_in_some_other_thread_is_ignored_once(world: World) -> None:
    assert reply(world, thread_ts="77.7") == 0
    assert world.evidence() == [] and world.outbox() == []
    with pytest.raises(Duplicate):  # recorded all the same: the retry is not looked at again
        reply(world, thread_ts="77.7")


def test_someone_who_may_not_answer_it_is_told_why_in_the_thread(world: World) -> None:
    assert reply(world, user_id=DEV) == 0
    assert world.evidence() == []
    [(key, note)] = world.outbox()
    assert key == "refused:Ev1"
    assert (note.to, note.thread_ts, note.icon) == (PROMPT[0], PROMPT[1], ":warning:")
    # The template and its parameters travel apart: the bot translates the template.
    assert note.text % dict(note.params) == (
        "Question `R000` is <@UOPS>'s. Only they, other holders of its role, the lead "
        "and admins can answer it."
    )


def test_a_closed_assessment_refuses_in_the_thread(world: World) -> None:
    world.set_status(AssessmentStatus.COMPLETED)
    assert reply(world) == 0
    assert world.evidence() == []
    assert world.outbox() == [
        (
            "refused:Ev1",
            Note(
                PROMPT[0],
                "“%(name)s” is closed; answers can no longer change.",
                PROMPT[1],
                params=(("name", "Q1 review"),),
                icon=":warning:",
            ),
        )
    ]


def test_what_came_before_a_refused_item_stays_and_is_confirmed(world: World) -> None:
    items = ((EvidenceKind.LINK, "https://ok.example", None), (EvidenceKind.LINK, "ftp://x", None))
    assert reply(world, items=items) == 1
    assert [e.url for e in world.evidence()] == ["https://ok.example"]
    assert world.outbox() == [
        (
            "reply:Ev1",
            EvidenceAttached(world.aid, "R000", *PROMPT, (("link", "https://ok.example", None),)),
        ),
        (
            "refused:Ev1",
            Note(
                PROMPT[0],
                "Enter a full link starting with http:// or https://.",
                PROMPT[1],
                icon=":warning:",
            ),
        ),
    ]


def test_the_same_thread_in_another_workspace_is_not_this_prompt(world: World) -> None:
    assert reply(world, team_id=TEAM_B) == 0
    assert world.evidence() == [] and world.outbox() == []


def test_the_prompt_of_a_deleted_assessment_attaches_nothing(world: World) -> None:
    world.delete()
    assert reply(world) == 0
    assert world.outbox() == []
