"""Delivering what follows a click: page refreshes, next pages, what page threads say, notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.blocks.common import context, section
from bot.blocks.handoff import handed_to_you_text, handoff_note
from bot.blocks.questions import all_done, attached, question_page, replied
from bot.blocks.threads import evidence_picker, picked
from bot.delivery.job import Job
from bot.i18n import _, current_locale
from bot.slack.mrkdwn import esc, esc_message
from bot.slack.webapi import Posted, update
from questionnaire.conversation import (
    ItemPage,
    agenda,
    evidence_owed,
    next_page,
    open_page_of,
    page_of,
)
from questionnaire.domain import EvidenceKind, Position
from questionnaire.framework import Located
from questionnaire.outbox import EvidenceAttached, EvidencePicker, NextPage, Note, RefreshPage
from questionnaire.usecases.context import AssessmentView, load_view, read_view


def view_of(job: Job, assessment_id: int) -> AssessmentView:
    """The assessment as it is now (NotFound when it was deleted: nothing left to send)."""
    return read_view(job.services.reader, job.team_id, assessment_id)


def drawn_view(
    job: Job, assessment_id: int, shown: Callable[[AssessmentView], Sequence[Located]]
) -> AssessmentView:
    """The assessment as a page draws it: its states and the evidence of the questions `shown`
    picks from them only, so drawing costs the same whatever evidence the assessment holds
    (NotFound when it was deleted). When the request that queued the page delivers it itself,
    as its transaction committed them (`job.seen`): with their evidence too when it read that
    page's, else only the evidence is read."""
    seen = job.seen
    if seen is not None and seen.assessment.id == assessment_id:
        ids = [loc.requirement.id for loc in shown(seen)]
        if seen.has_evidence_of(ids):
            return seen
        with job.services.reader() as uow:
            return seen.with_evidence(
                uow.evidence.for_requirements(job.team_id, assessment_id, ids)
            )
    with job.services.reader() as uow:
        view = load_view(uow, job.team_id, assessment_id, evidence=False)
        ids = [loc.requirement.id for loc in shown(view)]
        found = uow.evidence.for_requirements(job.team_id, assessment_id, ids)
    return view.with_evidence(found)


def _questions(page: ItemPage | None) -> Sequence[Located]:
    return page.requirements if page else ()


def refresh_page(job: Job, message: RefreshPage) -> Posted:
    """Re-render the page from the database now: whatever clicks came before, it shows the
    latest state. `note` says what just happened (the whole message when nothing is left)."""

    pages: list[ItemPage | None] = []

    def the_page(view: AssessmentView) -> Sequence[Located]:
        pages.append(page_of(agenda(view.routing, message.owner), message.item_id, message.page))
        return _questions(pages[-1])

    view = drawn_view(job, message.assessment_id, the_page)
    page = pages[-1]  # worked out once: the evidence read is what the view adds
    payload: dict[str, Any]
    if page is None:  # everything on it was handed on
        text = message.note or (
            _("Everything on this page was handed on (*%(name)s*).")
            % {"name": esc(view.assessment.name)}
        )
        payload = {"text": text, "blocks": [section(text)]}
    else:
        payload = question_page(
            view.framework,
            view.assessment,
            page,
            view.states,
            view.evidence,
            current_locale(),
            owner=message.owner,
        )
        if message.note:
            payload["blocks"] = [*payload["blocks"], context(message.note)]
    update(job.client, message.channel, message.ts, payload)
    return Posted(message.channel, message.ts)


def next_page_(job: Job, message: NextPage) -> Posted:
    """Post the person's next open page (in `item_id` first), or the closing message; the
    position then points at it (what a refresh after evidence updates), and the page is
    remembered, so a reply in its thread finds it whatever came after."""
    user_id = message.user_id

    def the_page(view: AssessmentView) -> ItemPage | None:
        items = agenda(view.routing, user_id)
        chosen = message.item_id and open_page_of(items, message.item_id, view.states)
        return chosen or next_page(items, view.states)

    def shown(view: AssessmentView) -> Sequence[Located]:  # the page, else what they still owe
        page = the_page(view)
        return page.requirements if page else view.routing.owned_by(user_id)

    view = drawn_view(job, message.assessment_id, shown)
    a = view.assessment
    assert a.id is not None
    page = the_page(view)
    giver, note = message.handed_by, message.handed_note
    handed = giver and handed_to_you_text(giver, message.handed, a.name, None)
    if page is None:  # nothing to ask them (a hand-off of questions no longer asked: say so)
        if handed:
            text = handed_to_you_text(giver or "", message.handed, a.name, note)
            return job.post(user_id, {"text": text})
        return job.post(user_id, closing(view, user_id, current_locale()))
    payload = question_page(
        view.framework, a, page, view.states, view.evidence, current_locale(), owner=user_id
    )
    if handed:  # one message: who handed what, on top of the page that asks it
        top = handed + (" " + _("Their note is in this page's thread.") if note else "")
        payload = {"text": handed, "blocks": [section(top), *payload["blocks"]]}
    posted = job.post(user_id, payload)
    if giver and note:  # in the thread: it stays when the page is re-rendered after a click
        note_text = {"text": handoff_note(giver, note)}
        job.post(posted.channel, note_text, step="note", thread_ts=posted.ts)
    with job.services.uow() as uow:
        position = Position(a.id, user_id, page.item_id, page.page, posted.channel, posted.ts)
        uow.positions.save(job.team_id, position)
        uow.prompts.save_page(job.team_id, position)
        uow.commit()
    return posted


def closing(view: AssessmentView, user_id: str, locale: str) -> dict[str, Any]:
    """The message for someone with no open question left: thanks only if they answered any."""
    routing = view.routing
    owned = routing.owned_by(user_id)
    answered = any(
        (state := view.states.get(loc.requirement.id)) is not None and state.answered_by == user_id
        for loc in owned
    )
    handed_on = any(
        state.delegated_to not in (None, user_id)
        and user_id in view.assessment.holders(view.framework.locate(rid).role)
        for rid, state in view.states.items()
    )
    owed = evidence_owed(owned, view.states, view.evidence)
    return all_done(
        view.framework,
        view.assessment,
        owed,
        locale,
        answered=answered,
        handed_on=handed_on,
        owns=bool(owned),
        skipped=any(routing.owner(rid) == user_id for rid in routing.skipped),
    )


def evidence_attached(job: Job, message: EvidenceAttached) -> Posted:
    """Confirm in the thread what a reply attached: a reply, or the picker edited into it."""
    view = view_of(job, message.assessment_id)
    added = [(EvidenceKind(kind), url, title) for kind, url, title in message.attached]
    what = replied(added)
    if message.ts:
        update(
            job.client,
            message.channel,
            message.ts,
            picked(view.assessment, message.requirement_id, what),
        )
        return Posted(message.channel, message.ts)
    text = attached(view.assessment, message.requirement_id, what)
    return job.post(message.channel, {"text": text}, thread_ts=message.thread_ts)


def evidence_picker_(job: Job, message: EvidencePicker) -> Posted:
    """Ask in the thread which question a kept reply is evidence for."""
    view = view_of(job, message.assessment_id)
    with job.services.uow() as uow:
        kept = uow.prompts.pending(job.team_id, message.reply_id)
    items = kept.items if kept is not None else ()
    payload = evidence_picker(
        view.framework,
        view.assessment,
        message.reply_id,
        message.requirement_ids,
        replied(list(items)) if items else _("this"),
        current_locale(),
    )
    return job.post(message.channel, payload, thread_ts=message.thread_ts)


def note(job: Job, message: Note) -> Posted:
    """A short message: a DM or a thread reply, its text (a use case's template and parameters)
    in the reader's language."""
    extra = {"thread_ts": message.thread_ts} if message.thread_ts else {}
    said = _(message.text) % dict(message.params) if message.params else _(message.text)
    text = said if message.mrkdwn else esc_message(said)
    text = f"{message.icon} {text}" if message.icon else text
    return job.post(message.to, {"text": text}, **extra)
