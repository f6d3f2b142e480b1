"""Hand-off ("Not me"): move one question, or the owner's whole item, to someone else, and tell
both of them in the same transaction."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from questionnaire.conversation import agenda, page_complete, page_of
from questionnaire.outbox import HandedOn, NextPage, RefreshPage
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import Clock, UnitOfWorkFactory
from questionnaire.usecases import follow_up
from questionnaire.usecases.context import (
    AssessmentView,
    load_view,
    lock_active,
    require_may_answer,
)
from questionnaire.usecases.errors import Invalid, NotFound


@dataclass(frozen=True, slots=True)
class HandOff:
    """A hand-off as asked: one requirement, or (without one) the owner's whole item."""

    team_id: str
    assessment_id: int
    actor: str
    to_user: str
    owner: str  # whose questions they are: the lead may hand on someone else's item
    requirement_id: str | None = None
    item_id: str | None = None
    note: str | None = None  # for the receiver, as typed
    page: int = 0  # the owner's page it came from, when `channel` and `ts` say which message
    channel: str | None = None
    ts: str | None = None


def handed(
    view: AssessmentView, owner: str, requirement_id: str | None, item_id: str | None
) -> tuple[list[str], str]:
    """The requirements a hand-off moves (one, or the owner's whole item) and their item."""
    if requirement_id:
        if not view.framework.has_requirement(requirement_id):
            raise NotFound(
                Phrase(N_("Requirement %(id)s is not part of this assessment."), id=requirement_id)
            )
        return [requirement_id], view.framework.locate(requirement_id).item.id
    work = page_of(agenda(view.routing, owner), item_id or "", 0)
    return ([loc.requirement.id for loc in work.work.requirements] if work else []), item_id or ""


def hand_off(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    request: HandOff,
    admins: Collection[str] = (),
    *,
    once: str | None = None,
) -> list[str]:
    """Reassign the questions to `to_user` (recorded in the history) and queue what follows:
    the actor told (under the page it came from, re-rendered without them, else by DM), the
    owner's next page once that page has nothing left, and the receiver's page of what was
    handed to them, saying who handed it (one message). `once` (the modal's view id) makes a double submission hand
    on once (Duplicate). Returns the requirements moved."""
    r = request
    if r.to_user == r.actor:
        raise Invalid({"user": Phrase(N_("Pick someone other than yourself."))})
    with uow_factory() as uow:
        now = clock.now()
        follow_up.once(uow, r.team_id, once, now)
        lock_active(uow, r.team_id, r.assessment_id)
        view = load_view(uow, r.team_id, r.assessment_id)
        ids, item_id = handed(view, r.owner, r.requirement_id, r.item_id)
        if not ids:
            raise Invalid({"requirements": Phrase(N_("Nothing to hand on."))})
        require_may_answer(view.routing, ids, r.actor, admins)
        uow.answers.delegate(r.team_id, r.assessment_id, ids, r.to_user, r.actor, now)
        after = follow_up.reload(uow, view)
        key = f"handoff:{follow_up.request_key(once, r.actor, now)}"
        page = None
        if r.channel and r.ts and item_id:
            page = RefreshPage(r.assessment_id, r.owner, item_id, r.page, r.channel, r.ts)
        done = HandedOn(r.assessment_id, r.actor, r.to_user, tuple(ids), page)
        follow_up.queue(uow, r.team_id, f"{key}:done", done, now)
        if page is not None:
            left = page_of(agenda(after.routing, r.owner), item_id, r.page)
            if left is None or page_complete(left, after.states):  # carry on with the next
                follow_up.queue(
                    uow, r.team_id, f"{key}:next", NextPage(r.assessment_id, r.owner), now
                )
        theirs = NextPage(  # what was handed, first, saying who handed it
            r.assessment_id, r.to_user, item_id, r.actor, tuple(ids), r.note or None
        )
        follow_up.queue(uow, r.team_id, f"{key}:page", theirs, now)
        uow.commit()
    return ids
