"""Hand-off: "Not me" on a requirement or a whole item reassigns it to someone else."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from questionnaire.conversation import agenda, page_of
from questionnaire.usecases.answering import hand_off
from questionnaire.usecases.context import AssessmentView, require_active, require_may_answer
from questionnaire.usecases.errors import Invalid, UseCaseError

from .. import flows
from ..blocks.modals import handoff_modal
from ..ids import Action, MessageRef, MoreRef, PageRef, QuestionRef, View
from ..services import Services
from ..slack_io import Directory, ephemeral, post
from ..text import esc, esc_message, mention, plural
from .answers import where
from .modal_errors import plain_error


def handed(view: AssessmentView, ref: MessageRef, owner: str) -> tuple[list[str], str]:
    """The requirements a hand-off moves (one, or the owner's whole item) and their item."""
    if ref.r:
        return [ref.r], view.framework.locate(ref.r).item.id
    work = page_of(agenda(view.routing, owner), ref.i or "", 0)
    return ([loc.requirement.id for loc in work.work.requirements] if work else []), ref.i or ""


def open_handoff(
    services: Services, client: WebClient, body: dict[str, Any], meta: MessageRef, text: str
) -> None:
    """Open the hand-off modal when the clicker may hand these questions on, else say why at
    once (submitting checks again: things may change while the modal is open)."""
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    try:
        view = flows.view_of(services, team_id, meta.a)  # NotFound: an old page, now deleted
        require_active(view.assessment)
        ids, _ = handed(view, meta, meta.u or user_id)
        if not ids:
            raise Invalid({"requirements": "Nothing in this item is left to hand on."})
        require_may_answer(view.routing, ids, user_id, services.admins)
    except UseCaseError as exc:
        ephemeral(client, meta.c or user_id, user_id, f":no_entry: {esc_message(exc)}")
        return
    client.views_open(trigger_id=body["trigger_id"], view=handoff_modal(text, meta.dump(3000)))


def hand_on_one(
    services: Services, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the hand-off modal for one requirement ("Not me")."""
    channel, ts = where(body)
    # No item id: the requirement locates its item when the modal is submitted.
    meta = MessageRef(a=ref.a, r=ref.r, p=ref.p, c=channel, ts=ts, u=ref.u)
    text = f"Hand `{esc(ref.r)}` to someone who can answer it. They get it by DM."
    open_handoff(services, client, body, meta, text)


def register(app: App, services: Services) -> None:
    directory = Directory(app.client)

    @app.action(Action.HANDOFF)  # the button on pages posted before the overflow menu
    def one(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        hand_on_one(services, client, body, QuestionRef.load(body["actions"][0]["value"]))

    @app.action(Action.HANDOFF_ITEM)
    def item(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = PageRef.load(body["actions"][0]["value"])
        channel, ts = where(body)
        meta = MessageRef(a=ref.a, i=ref.i, p=ref.p, c=channel, ts=ts, u=ref.u)
        text = (
            "Hand all your questions in this capability item to someone else. They get them by DM."
        )
        open_handoff(services, client, body, meta, text)

    @app.view(View.HANDOFF)
    def submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = MessageRef.load(body["view"]["private_metadata"])
        values = body["view"]["state"]["values"]
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        owner = ref.u or user_id  # whose page it was (the lead may hand on someone's item)
        to_user = values["user"]["value"].get("selected_user") or ""
        note = (values.get("note", {}).get("value") or {}).get("value")
        why = directory.why_unreachable(team_id, to_user)
        if why:
            ack(response_action="errors", errors={"user": f"{why} Pick someone else."})
            return
        try:
            ids, item_id = handed(flows.view_of(services, team_id, ref.a), ref, owner)
            hand_off(
                services.uow, services.clock, team_id, ref.a, ids, to_user, user_id, services.admins
            )
        except UseCaseError as exc:
            ack(response_action="errors", errors={"user": plain_error(directory, team_id, exc)})
            return
        ack()
        fresh = flows.view_of(services, team_id, ref.a)
        name = esc(fresh.assessment.name)
        what = f"`{esc(ids[0])}`" if len(ids) == 1 else plural(len(ids), "question")
        done_note = f"Handed {what} to {mention(to_user)} (*{name}*)."
        if ref.c and ref.ts and item_id:  # the page says so: no separate confirmation
            done = flows.refresh_page(
                services, client, fresh, owner, item_id, ref.p, ref.c, ref.ts, note=done_note
            )
            if done:  # nothing left on that page: carry on with the next one
                flows.show_next(services, client, team_id, ref.a, owner, fresh)
        else:
            post(client, user_id, {"text": done_note})
        intro = f"{mention(user_id)} handed you {what} in *{name}*."
        if note:
            intro += "".join(f"\n> {esc(line)}" for line in note.splitlines())
        post(client, to_user, {"text": intro})
        flows.show_next(services, client, team_id, ref.a, to_user, fresh, item_id=item_id)
