"""Modals opened for one question (evidence, comment): who may open them, what was typed, and
refreshing the question page they came from once they are saved."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from questionnaire.usecases.context import AssessmentView, require_active, require_may_answer
from questionnaire.usecases.errors import UseCaseError

from .. import flows
from ..blocks.questions import on_evidence_prompt, on_question_page
from ..ids import MessageRef, MoreRef, QuestionRef
from ..services import Services
from ..slack_io import ephemeral
from ..text import esc_message
from .answers import where


def open_checked(
    services: Services, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> tuple[AssessmentView, MessageRef] | None:
    """The assessment and the modal's metadata when the clicker may answer the question;
    otherwise the ephemeral refusal every answering action gives, and None."""
    channel, ts = where(body)
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    try:
        view = flows.view_of(services, team_id, ref.a)
        require_active(view.assessment)
        require_may_answer(view.routing, [ref.r], user_id, services.admins)
    except UseCaseError as exc:
        ephemeral(client, channel, user_id, f":no_entry: {esc_message(exc)}")
        return None
    # A page is re-rendered in place and a prompt says what was attached; the rest stay as
    # they are (no channel/ts in the metadata).
    block_id = body["actions"][0].get("block_id")
    if on_evidence_prompt(block_id):
        return view, MessageRef(a=ref.a, r=ref.r, c=channel, ts=ts)
    if not on_question_page(block_id):
        return view, MessageRef(a=ref.a, r=ref.r)
    # The item comes from the requirement: a page shows one item, and menu values carry no item.
    item = view.framework.locate(ref.r).item.id
    return view, MessageRef(a=ref.a, r=ref.r, i=item, p=ref.p, c=channel, ts=ts, u=ref.u)


def typed(values: dict[str, Any], block_id: str) -> str | None:
    """What was typed into a modal's plain-text input (action id `value`); None when nothing."""
    return (values.get(block_id, {}).get("value") or {}).get("value")


def from_page(ref: MessageRef) -> bool:
    """True when the modal was opened from a question page (which is then re-rendered)."""
    return bool(ref.c and ref.ts and ref.i)


def refresh_origin(
    services: Services, client: WebClient, team_id: str, user_id: str, ref: MessageRef
) -> AssessmentView:
    """Re-render the question page a modal came from (or, when it came from elsewhere, the
    pages that show the requirement now); returns the assessment as it is now."""
    view = flows.view_of(services, team_id, ref.a)
    if ref.c and ref.ts and ref.i:  # from_page, spelled out for the type checker
        flows.refresh_page(services, client, view, ref.u or user_id, ref.i, ref.p, ref.c, ref.ts)
    elif ref.r:
        owner = view.routing.owner(ref.r)
        flows.refresh_pages_showing(
            services, client, view, ref.r, list(dict.fromkeys([owner, user_id]))
        )
    return view
