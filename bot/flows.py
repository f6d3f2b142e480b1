"""Conversation flows shared by listeners: show the next page, refresh a page, ask for evidence."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from questionnaire.conversation import (
    ItemPage,
    ItemWork,
    agenda,
    evidence_owed,
    next_page,
    page_complete,
    page_of,
)
from questionnaire.domain import Position, RequirementState
from questionnaire.usecases.context import AssessmentView, load_view

from .blocks.common import context, section
from .blocks.questions import all_done, question_page
from .services import Services
from .slack_io import post, update
from .text import esc

log = logging.getLogger(__name__)


def view_of(services: Services, team_id: str, assessment_id: int) -> AssessmentView:
    with services.uow() as uow:
        return load_view(uow, team_id, assessment_id)


def show_next(
    services: Services,
    client: WebClient,
    team_id: str,
    assessment_id: int,
    user_id: str,
    view: AssessmentView | None = None,
    item_id: str | None = None,
) -> None:
    """Post the person's next page of open questions (in `item_id` first, when given: what was
    just handed to them), or the closing message when none are left."""
    view = view or view_of(services, team_id, assessment_id)
    assessment, locale = view.assessment, services.locale
    items = agenda(view.routing, user_id)
    page = (item_id and open_page_of(items, item_id, view.states)) or next_page(items, view.states)
    if page is None:
        post(client, user_id, closing(view, user_id, locale))
        return
    payload = question_page(
        view.framework, assessment, page, view.states, view.evidence, locale, owner=user_id
    )
    posted = post(client, user_id, payload)
    with services.uow() as uow:
        uow.positions.save(
            team_id,
            Position(assessment_id, user_id, page.item_id, page.page, posted.channel, posted.ts),
        )
        uow.commit()


def closing(view: AssessmentView, user_id: str, locale: str) -> dict[str, Any]:
    """The message for someone with no open question left: thanks only if they answered any."""
    owned = view.routing.owned_by(user_id)
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
    )


def open_page_of(
    items: Sequence[ItemWork], item_id: str, states: Mapping[str, RequirementState]
) -> ItemPage | None:
    """The first page of this item on the person's agenda that still has an open question."""
    first = page_of(items, item_id, 0)
    pages = (page_of(items, item_id, n) for n in range(first.page_count if first else 0))
    return next((p for p in pages if p is not None and not page_complete(p, states)), None)


def refresh_page(
    services: Services,
    client: WebClient,
    view: AssessmentView,
    user_id: str,
    item_id: str,
    page_number: int,
    channel: str,
    ts: str,
    note: str | None = None,
) -> bool:
    """Re-render a question page in place; True when every question on it is now answered.
    `note` (mrkdwn) says what just happened: the whole message when nothing is left on the page
    (everything was handed on), else a line under it."""
    items = agenda(view.routing, user_id)
    page = page_of(items, item_id, page_number)
    payload: dict[str, Any]
    if page is None:  # everything on it was handed on
        text = note or f"Everything on this page was handed on (*{esc(view.assessment.name)}*)."
        payload = {"text": text, "blocks": [section(text)]}
    else:
        payload = question_page(
            view.framework,
            view.assessment,
            page,
            view.states,
            view.evidence,
            services.locale,
            owner=user_id,
        )
        if note:
            payload["blocks"] = [*payload["blocks"], context(note)]
    try:
        update(client, channel, ts, payload)
    except SlackApiError as exc:  # the answer is stored; a stale message is only cosmetic
        log.warning(
            "could not update question message %s/%s: %s", channel, ts, exc.response.get("error")
        )
    return page is None or page_complete(page, view.states)


def refresh_pages_showing(
    services: Services,
    client: WebClient,
    view: AssessmentView,
    requirement_id: str,
    people: Sequence[str],
) -> None:
    """Re-render each person's current page if it shows this requirement: evidence that came
    from a prompt, a thread reply or the shortcut must not leave "Evidence needed" on it."""
    assessment = view.assessment
    assert assessment.id is not None
    with services.uow() as uow:
        positions = [uow.positions.get(assessment.team_id, assessment.id, u) for u in people]
    for pos in positions:
        if pos is None or not pos.channel_id or not pos.message_ts:
            continue
        page = page_of(agenda(view.routing, pos.user_id), pos.item_id, pos.page)
        if page and any(loc.requirement.id == requirement_id for loc in page.requirements):
            refresh_page(
                services,
                client,
                view,
                pos.user_id,
                pos.item_id,
                pos.page,
                pos.channel_id,
                pos.message_ts,
            )
