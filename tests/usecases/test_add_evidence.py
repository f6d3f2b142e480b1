"""Use case: add evidence to a requirement from a modal (a link, a note, a Slack message), by
whoever may answer it; the page it came from is refreshed to show it, or else the pages showing
the requirement are. No message is posted: the page, or the modal, confirms it."""

from __future__ import annotations

from typing import Any

import pytest

from questionnaire.domain import Evidence, EvidenceKind, HistorySubject
from questionnaire.outbox import RefreshPage
from questionnaire.usecases.errors import Duplicate, NotAllowed, NotFound
from questionnaire.usecases.evidence import NOTE_MAX, TITLE_MAX, URL_MAX, add_evidence
from questionnaire.usecases.follow_up import PageAt
from tests.storage.helpers import TEAM_A

from .world import ADMIN, ADMINS, DEV, DEV2, LEAD, NOW, OPS, OUTSIDER, World, data, make_world

LINK = "https://wiki.example/runbook"


def add(
    world: World,
    actor: str = DEV,
    requirement_id: str = "R001",
    team: str = TEAM_A,
    **given: Any,
) -> Evidence:
    fields: dict[str, Any] = {"kind": EvidenceKind.LINK, "url": LINK} | given
    return add_evidence(
        world.uow, world.clock, team, world.aid, requirement_id, actor, admins=ADMINS, **fields
    )


@pytest.mark.parametrize("actor", [DEV, DEV2, LEAD, ADMIN])
def test_who_may_answer_adds_it_with_a_history_row_and_is_told(world: World, actor: str) -> None:
    added = add(world, actor, url=f"  {LINK} ", title=" Runbook ", note=" ")
    assert added.id is not None
    assert added == Evidence(
        world.aid, "R001", EvidenceKind.LINK, actor, NOW, LINK, "Runbook", id=added.id
    )
    assert world.evidence() == [added]
    [row] = world.history(HistorySubject.EVIDENCE)
    assert (row.actor, row.at, row.requirement_id, row.before) == (actor, NOW, "R001", None)
    assert data(row.after)["url"] == LINK
    # Nobody looks at a page showing R001: nothing to refresh, and no DM (the modal confirms).
    assert world.outbox() == []


def test_a_note_is_kept_as_a_note_and_with_a_link_it_is_a_link(world: World) -> None:
    note = add(world, kind=EvidenceKind.NOTE, url=None, note=" Audited in March. ")
    linked = add(world, kind=EvidenceKind.NOTE, note="See the runbook.")
    assert (note.kind, note.url, note.note) == (EvidenceKind.NOTE, None, "Audited in March.")
    assert (linked.kind, linked.url, linked.note) == (EvidenceKind.LINK, LINK, "See the runbook.")


def test_from_a_question_page_that_page_is_refreshed_and_nothing_else(world: World) -> None:
    world.showing(DEV)
    add(world, DEV, page=PageAt(DEV, "I1", 0, "D-UDEV1", "0.1"))
    assert world.outbox() == [
        ("refresh:D-UDEV1:0.1", RefreshPage(world.aid, DEV, "I1", 0, "D-UDEV1", "0.1"))
    ]


def test_from_elsewhere_the_pages_showing_it_are_refreshed_and_nothing_is_posted(
    world: World,
) -> None:
    for user in (DEV, DEV2, OPS):  # the owner, the actor (asked nothing), someone else
        world.showing(user)
    add(world, DEV2)
    assert world.outbox() == [
        ("refresh:D-UDEV1:0.1", RefreshPage(world.aid, DEV, "I1", 0, "D-UDEV1", "0.1")),
    ]


def test_a_page_that_does_not_show_the_requirement_is_left_alone() -> None:
    world = make_world(requirements=14)  # UDEV1's second page holds R013 alone
    world.showing(DEV, page=1)
    add(world, DEV, "R001")
    assert world.queued(RefreshPage) == []
    add(world, DEV, "R013")
    assert world.queued(RefreshPage) == [RefreshPage(world.aid, DEV, "I1", 1, "D-UDEV1", "1.1")]


@pytest.mark.parametrize(
    ("given", "fields"),
    [
        ({"url": "ftp://files.example/x"}, {"url": "Enter a full link starting with http:// or https://."}),
        ({"url": "https://"}, {"url": "Enter a full link starting with http:// or https://."}),
        ({"url": "wiki.example/runbook"}, {"url": "Enter a full link starting with http:// or https://."}),
        ({"url": LINK + "/" + "x" * URL_MAX}, {"url": f"That link is longer than {URL_MAX} characters."}),
        ({"url": "https://wiki.example/run book"}, {"url": "A link cannot contain spaces."}),
        ({"kind": EvidenceKind.NOTE, "url": " ", "note": " \n "}, {"url": "Add a link or a note (or both)."}),
        (
            {"title": "t" * (TITLE_MAX + 1), "note": "n" * (NOTE_MAX + 1)},
            {
                "title": f"Keep the title under {TITLE_MAX} characters.",
                "note": f"Keep the note under {NOTE_MAX} characters.",
            },
        ),
    ],
)  # fmt: skip
def test_invalid_input_names_its_fields_and_adds_nothing(
    world: World, given: dict[str, Any], fields: dict[str, str]
) -> None:
    assert world.invalid(lambda: add(world, once="V-evidence", **given)) == fields
    add(world, once="V-evidence")  # corrected, the same modal goes through


def test_the_same_modal_submitted_twice_adds_it_once(world: World) -> None:
    add(world, once="V-evidence")
    with world.refused(Duplicate):
        add(world, once="V-evidence")
    assert len(world.evidence()) == 1


@pytest.mark.parametrize("actor", [OPS, OUTSIDER])
def test_someone_who_may_not_answer_it_may_not_add_evidence(world: World, actor: str) -> None:
    with world.refused(NotAllowed, match=r"^Question `R001` is <@UDEV1>'s\."):
        add(world, actor)


def test_an_unknown_requirement_is_not_found(world: World) -> None:
    with world.refused(NotFound, match="R999 is not part"):
        add(world, LEAD, "R999")


def test_closed_deleted_or_foreign_assessments_take_no_evidence(world: World) -> None:
    world.refuses_unless_open(lambda team: add(world, LEAD, team=team))
