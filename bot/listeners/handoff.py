"""Hand-off: "Not me" on a requirement or a whole item reassigns it to someone else."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.modals import handoff_modal
from bot.i18n import _
from bot.listeners.answers import where
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.modal_errors import submission_key, submit
from bot.slack.ids import Action, MessageRef, MoreRef, PageRef, QuestionRef, View
from bot.slack.mrkdwn import esc, esc_message
from bot.slack.webapi import ephemeral
from questionnaire.usecases.context import read_view, require_active, require_may_answer
from questionnaire.usecases.errors import Invalid, UseCaseError
from questionnaire.usecases.handoff import HandOff, hand_off, handed


def open_handoff(
    context: BoltContext, client: WebClient, body: dict[str, Any], meta: MessageRef, text: str
) -> None:
    """Open the hand-off modal when the clicker may hand these questions on, else say why at
    once (submitting checks again: things may change while the modal is open)."""
    services = services_of(context)
    team_id, user_id = workspace_of(context), body["user"]["id"]
    try:
        view = read_view(services.uow, team_id, meta.a)  # NotFound: an old page, now deleted
        require_active(view.assessment)
        ids, _item = handed(view, meta.u or user_id, meta.r, meta.i)
        if not ids:
            raise Invalid({"requirements": _("Nothing in this item is left to hand on.")})
        require_may_answer(view.routing, ids, user_id, admins_of(context, client, user_id))
    except UseCaseError as exc:
        ephemeral(client, meta.c or user_id, user_id, f":no_entry: {esc_message(exc)}")
        return
    client.views_open(trigger_id=body["trigger_id"], view=handoff_modal(text, meta.dump(3000)))


def hand_on_one(
    context: BoltContext, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the hand-off modal for one requirement ("Not me")."""
    channel, ts = where(body)
    # No item id: the requirement locates its item when the modal is submitted.
    meta = MessageRef(a=ref.a, r=ref.r, p=ref.p, c=channel, ts=ts, u=ref.u)
    text = _("Hand `%(id)s` to someone who can answer it. They get it by DM.") % {"id": esc(ref.r)}
    open_handoff(context, client, body, meta, text)


def one(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Not me on one question (the button of older pages): open the hand-off modal."""
    ack()
    hand_on_one(context, client, body, QuestionRef.load(body["actions"][0]["value"]))


def item(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Hand this item on: open the hand-off modal for the person's whole item."""
    ack()
    ref = PageRef.load(body["actions"][0]["value"])
    channel, ts = where(body)
    meta = MessageRef(a=ref.a, i=ref.i, p=ref.p, c=channel, ts=ts, u=ref.u)
    text = _(
        "Hand all your questions in this capability item to someone else. They get them by DM."
    )
    open_handoff(context, client, body, meta, text)


def submitted(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """The hand-off modal: hand the questions on and queue both people's messages."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = MessageRef.load(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    team_id, user_id = workspace_of(context), body["user"]["id"]
    to_user = values["user"]["value"].get("selected_user") or ""
    why = directory.why_unreachable(team_id, to_user)
    if why:
        pick = _("Pick someone else.")
        ack(response_action="errors", errors={"user": f"{why} {pick}"})
        return
    request = HandOff(
        team_id=team_id,
        assessment_id=ref.a,
        actor=user_id,
        to_user=to_user,
        owner=ref.u or user_id,  # whose page it was (the lead may hand on someone's item)
        requirement_id=ref.r,
        item_id=ref.i,
        note=(values.get("note", {}).get("value") or {}).get("value"),
        page=ref.p,
        channel=ref.c,
        ts=ref.ts,
    )
    # Handed on with both notices and both pages queued, once per view.
    once = submission_key(body)
    submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: hand_off(
            services.uow, services.clock, request, admins_of(context, client, user_id), once=once
        ),
        at="user",
    )


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.action(Action.HANDOFF)(one)  # the button on pages posted before the overflow menu
    app.action(Action.HANDOFF_ITEM)(item)
    app.view(View.HANDOFF)(submitted)
