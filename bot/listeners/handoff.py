"""Hand-off: "Not me" on a requirement or a whole item reassigns it to someone else."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from questionnaire.conversation import agenda, page_of
from questionnaire.usecases.answering import hand_off
from questionnaire.usecases.errors import Invalid, UseCaseError

from .. import flows
from ..blocks.modals import handoff_modal
from ..ids import Action, MessageRef, PageRef, QuestionRef, View
from ..services import Services
from ..slack_io import post
from ..text import esc
from .answers import where


def register(app: App, services: Services) -> None:
    @app.action(Action.HANDOFF)
    def one(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = QuestionRef.load(body["actions"][0]["value"])
        channel, ts = where(body)
        meta = MessageRef(a=ref.a, r=ref.r, i=ref.i, p=ref.p, c=channel, ts=ts, u=ref.u).dump(3000)
        text = f"Hand `{esc(ref.r)}` to someone who can answer it. They get it by DM."
        client.views_open(trigger_id=body["trigger_id"], view=handoff_modal(text, meta))

    @app.action(Action.HANDOFF_ITEM)
    def item(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = PageRef.load(body["actions"][0]["value"])
        channel, ts = where(body)
        meta = MessageRef(a=ref.a, i=ref.i, p=ref.p, c=channel, ts=ts, u=ref.u).dump(3000)
        text = (
            "Hand all your questions in this capability item to someone else. They get them by DM."
        )
        client.views_open(trigger_id=body["trigger_id"], view=handoff_modal(text, meta))

    @app.view(View.HANDOFF)
    def submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = MessageRef.load(body["view"]["private_metadata"])
        values = body["view"]["state"]["values"]
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        to_user = values["user"]["value"].get("selected_user") or ""
        note = (values.get("note", {}).get("value") or {}).get("value")
        view = flows.view_of(services, team_id, ref.a)
        if ref.r:
            ids = [ref.r]
        else:
            work = page_of(agenda(view.routing, ref.u or user_id), ref.i or "", 0)
            ids = [loc.requirement.id for loc in work.work.requirements] if work else []
        try:
            hand_off(
                services.uow, services.clock, team_id, ref.a, ids, to_user, user_id, services.admins
            )
        except Invalid as exc:
            ack(response_action="errors", errors={"user": str(exc)})
            return
        except UseCaseError as exc:
            ack(response_action="errors", errors={"user": str(exc)})
            return
        ack()
        fresh = flows.view_of(services, team_id, ref.a)
        if ref.c and ref.ts and ref.i:
            done = flows.refresh_page(
                services, client, fresh, ref.u or user_id, ref.i, ref.p, ref.c, ref.ts
            )
            if done:  # nothing left on that page: carry on with the next one
                flows.show_next(services, client, team_id, ref.a, user_id, fresh)
        what = f"`{esc(ids[0])}`" if len(ids) == 1 else f"{len(ids)} questions"
        post(client, user_id, {"text": f"Handed {what} to <@{to_user}>."})
        intro = f"<@{user_id}> handed you {what} in *{esc(fresh.assessment.name)}*."
        if note:
            intro += f"\n> {esc(note)}"
        post(client, to_user, {"text": intro})
        flows.show_next(services, client, team_id, ref.a, to_user, fresh)
