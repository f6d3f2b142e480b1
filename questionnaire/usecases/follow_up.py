"""What follows a change, queued in the same transaction: page refreshes, the next page and the
completion summary. The keys make a retried or doubled request queue each
message once (see questionnaire.outbox)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from questionnaire.conversation import ItemPage, agenda, is_open, page_complete, page_of
from questionnaire.domain import Assessment
from questionnaire.outbox import Completion, Message, NextPage, RefreshPage
from questionnaire.phrases import N_, Phrase
from questionnaire.ports import UnitOfWork
from questionnaire.routing import Routing
from questionnaire.usecases.context import AssessmentView, load_view
from questionnaire.usecases.errors import Duplicate, NotAllowed


@dataclass(frozen=True, slots=True)
class PageAt:
    """The question page a click came from: whose it is, which page, and the message; `shown`,
    the questions that message showed (a hint: their evidence comes with the answer's write,
    and whatever the page shows besides is read after it)."""

    owner: str
    item_id: str
    page: int
    channel: str
    ts: str
    shown: tuple[str, ...] = ()

    def refresh(self, assessment_id: int, note: str | None = None) -> RefreshPage:
        """This page re-rendered in place."""
        return RefreshPage(
            assessment_id, self.owner, self.item_id, self.page, self.channel, self.ts, note
        )


def require_own_page(
    assessment: Assessment, page: PageAt | None, actor: str, admins: Collection[str]
) -> None:
    """A click or modal that names a page acts on that page, which is its owner's: only the
    owner, the lead and admins may (NotAllowed), so a forged value naming someone else's page
    neither changes nor shows it."""
    if page is None or actor in (page.owner, assessment.lead_id) or actor in admins:
        return
    raise NotAllowed(
        Phrase(N_("That page belongs to someone else: use the questions in your own DM."))
    )


def once(uow: UnitOfWork, team_id: str, key: str | None, at: datetime) -> None:
    """Record that the request `key` (a modal's view id, a Slack event id) is handled, in the
    caller's transaction; Duplicate when it was already (the caller rolls back)."""
    if key is not None and not uow.events.first_time(team_id, key, at):
        raise Duplicate(Phrase(N_("That was already done.")))


def queue(uow: UnitOfWork, team_id: str, key: str, message: Message, at: datetime) -> None:
    """Queue one message (a duplicate key is a no-op)."""
    uow.outbox.add(team_id, key, message, at)


def refresh(uow: UnitOfWork, team_id: str, page: RefreshPage, at: datetime) -> None:
    """Re-render a page in place; a refresh not yet delivered is replaced, not repeated."""
    queue(uow, team_id, f"refresh:{page.channel}:{page.ts}", page, at)


def next_page_key(assessment_id: int, user_id: str, item_id: str, page: int) -> str:
    """The key of the page that follows a finished one: one next page per finished page."""
    return f"next:{assessment_id}:{user_id}:{item_id}:{page}"


def after_answers(
    uow: UnitOfWork, view: AssessmentView, at: PageAt, now: datetime, *, answered_open: bool
) -> ItemPage | None:
    """After answers on a page: refresh it (it shows what evidence is owed, and its thread takes
    it), and when answering open questions finished the page, queue the next page and (when
    nothing is open any more) the completion summary. Returns the page as its refresh draws it
    (None when everything on it was handed on)."""
    a = view.assessment
    assert a.id is not None
    team = a.team_id
    refresh(uow, team, at.refresh(a.id), now)
    page = shown_on(view.routing, at)
    if answered_open and (page is None or page_complete(page, view.states)):
        key = next_page_key(a.id, at.owner, at.item_id, at.page)
        queue(uow, team, key, NextPage(a.id, at.owner), now)
        complete_if_done(uow, view, now)
    return page


def shown_on(routing: Routing, at: PageAt) -> ItemPage | None:
    """The page clicked on as `routing` draws it (None when nothing on it is theirs any more)."""
    return page_of(agenda(routing, at.owner), at.item_id, at.page)


def requirement_ids(page: ItemPage | None) -> list[str]:
    """The ids of the questions on a page (none for no page)."""
    return [loc.requirement.id for loc in page.requirements] if page else []


def complete_if_done(uow: UnitOfWork, view: AssessmentView, now: datetime) -> None:
    """Queue the completion summary once every question asked in the open assessment is
    answered (adaptive questioning's skipped ones are not waited for)."""
    a = view.assessment
    assert a.id is not None
    if not a.is_active():
        return
    if all(not is_open(view.states.get(loc.requirement.id)) for loc in view.routing.asked()):
        queue(uow, a.team_id, completion_key(a.id), Completion(a.id), now)


def bring_back(
    uow: UnitOfWork, before: Routing, after: Routing, change: str, now: datetime
) -> None:
    """After a change that unblocked levels (adaptive questioning asks their questions again):
    queue one next page to each owner of a returning question who had nothing open before, so
    whoever had finished hears of it once; `change` names the change in the keys."""
    a = after.assessment
    assert a.id is not None
    returning = [rid for rid in before.skipped - after.skipped if is_open(after.states.get(rid))]
    for owner in dict.fromkeys(after.owner(rid) for rid in sorted(returning)):
        had_open = any(
            is_open(before.states.get(loc.requirement.id)) for loc in before.owned_by(owner)
        )
        if not had_open:
            key = f"back:{a.id}:{owner}:{change}"
            queue(uow, a.team_id, key, NextPage(a.id, owner), now)


def completion_key(assessment_id: int) -> str:
    return f"complete:{assessment_id}"


def refresh_pages_showing(
    uow: UnitOfWork, view: AssessmentView, requirement_id: str, people: Sequence[str], now: datetime
) -> None:
    """Refresh each person's current page if it shows this requirement (evidence from a thread
    reply or the shortcut must not leave "Evidence needed" on it)."""
    a = view.assessment
    assert a.id is not None
    for user_id in dict.fromkeys(people):
        pos = uow.positions.get(a.team_id, a.id, user_id)
        if pos is None or not pos.channel_id or not pos.message_ts:
            continue
        page = page_of(agenda(view.routing, pos.user_id), pos.item_id, pos.page)
        if page and any(loc.requirement.id == requirement_id for loc in page.requirements):
            message = RefreshPage(
                a.id, pos.user_id, pos.item_id, pos.page, pos.channel_id, pos.message_ts
            )
            refresh(uow, a.team_id, message, now)


def refresh_origin(
    uow: UnitOfWork,
    view: AssessmentView,
    requirement_id: str,
    actor: str,
    page: PageAt | None,
    now: datetime,
) -> None:
    """After a modal changed a requirement: re-render the page it was opened from, else the
    pages showing the requirement now (its owner's and the actor's), so none shows it stale."""
    a = view.assessment
    assert a.id is not None
    if page is not None:
        refresh(uow, a.team_id, page.refresh(a.id), now)
    else:
        people = [view.routing.owner(requirement_id), actor]
        refresh_pages_showing(uow, view, requirement_id, people, now)


def request_key(once: str | None, actor: str, now: datetime) -> str:
    """What names one request in the keys of the messages it queues: the modal's view id, or
    (called without one) who asked and when."""
    return once or f"{actor}@{now.isoformat()}"


def reload(uow: UnitOfWork, view: AssessmentView) -> AssessmentView:
    """The view again, within the same transaction (after this transaction's writes)."""
    assert view.assessment.id is not None
    return load_view(uow, view.assessment.team_id, view.assessment.id)
