"""Modals opened for one question (evidence, comment): who may open them, what was typed, and
which message they came from (the use case re-renders or updates it)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.blocks.questions import on_question_page
from bot.listeners.answers import where
from bot.listeners.context import admins_of, services_of, workspace_of
from bot.slack.ids import MessageRef, MoreRef, QuestionRef
from bot.slack.mrkdwn import esc_message
from bot.slack.webapi import ephemeral
from questionnaire.usecases.context import (
    AssessmentView,
    read_view,
    require_active,
    require_may_answer,
)
from questionnaire.usecases.errors import UseCaseError
from questionnaire.usecases.follow_up import PageAt


def open_checked(
    context: BoltContext, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> tuple[AssessmentView, MessageRef] | None:
    """The assessment and the modal's metadata when the clicker may answer the question;
    otherwise the ephemeral refusal every answering action gives, and None."""
    services = services_of(context)
    channel, ts = where(body)
    team_id, user_id = workspace_of(context), body["user"]["id"]
    try:
        view = read_view(services.uow, team_id, ref.a)
        require_active(view.assessment)
        require_may_answer(view.routing, [ref.r], user_id, admins_of(context, client, user_id))
    except UseCaseError as exc:
        ephemeral(client, channel, user_id, f":no_entry: {esc_message(exc)}")
        return None
    # A page is re-rendered in place; anything else (an evidence request of an older version,
    # the closing message) stays as it is, and the pages showing the question are refreshed.
    block_id = body["actions"][0].get("block_id")
    if not on_question_page(block_id):
        return view, MessageRef(a=ref.a, r=ref.r)
    # The item comes from the requirement: a page shows one item, and menu values carry no item.
    item = view.framework.locate(ref.r).item.id
    return view, MessageRef(a=ref.a, r=ref.r, i=item, p=ref.p, c=channel, ts=ts, u=ref.u)


def typed(values: dict[str, Any], block_id: str) -> str | None:
    """What was typed into a modal's plain-text input (action id `value`); None when nothing."""
    return (values.get(block_id, {}).get("value") or {}).get("value")


def page_of_modal(ref: MessageRef, user_id: str) -> PageAt | None:
    """The question page a modal was opened from, if it was: it is re-rendered once saved."""
    if ref.c and ref.ts and ref.i:
        return PageAt(ref.u or user_id, ref.i, ref.p, ref.c, ref.ts)
    return None
