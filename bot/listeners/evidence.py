"""Evidence: the Add evidence modal, the "Attach as evidence" message shortcut and its picker."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from questionnaire.domain import EvidenceKind
from questionnaire.usecases.answering import add_evidence
from questionnaire.usecases.errors import Invalid, UseCaseError

from .. import flows
from ..blocks.common import option
from ..blocks.modals import attach_modal, evidence_modal
from ..ids import Action, AttachRef, MessageRef, QuestionRef, Shortcut, View
from ..services import Services
from ..slack_io import post
from ..text import clip, esc
from .answers import where

OPTIONS_MAX = 100


def _text(values: dict[str, Any], block: str) -> str | None:
    return (values.get(block, {}).get("value") or {}).get("value")


def confirm_and_refresh(
    services: Services, client: WebClient, team_id: str, user_id: str, ref: MessageRef, what: str
) -> None:
    """Refresh the question page the evidence came from, and confirm to the person."""
    view = flows.view_of(services, team_id, ref.a)
    if ref.c and ref.ts and ref.i:
        flows.refresh_page(services, client, view, ref.u or user_id, ref.i, ref.p, ref.c, ref.ts)
    post(
        client,
        user_id,
        {
            "text": f":paperclip: {what} attached to `{esc(ref.r or '')}` in *{esc(view.assessment.name)}*."
        },
    )


def register(app: App, services: Services) -> None:
    @app.action(Action.ADD_EVIDENCE)
    def open_evidence(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = QuestionRef.load(body["actions"][0]["value"])
        channel, ts = where(body)
        view = flows.view_of(services, body["team"]["id"], ref.a)
        meta = MessageRef(a=ref.a, r=ref.r, i=ref.i, p=ref.p, c=channel, ts=ts, u=ref.u).dump(3000)
        loc = view.framework.locate(ref.r)
        client.views_open(
            trigger_id=body["trigger_id"], view=evidence_modal(loc, meta, services.locale)
        )

    @app.view(View.EVIDENCE)
    def evidence_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = MessageRef.load(body["view"]["private_metadata"])
        values = body["view"]["state"]["values"]
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        url, title, note = _text(values, "url"), _text(values, "title"), _text(values, "note")
        try:
            add_evidence(
                services.uow,
                services.clock,
                team_id,
                ref.a,
                ref.r or "",
                user_id,
                kind=EvidenceKind.LINK if url else EvidenceKind.NOTE,
                url=url,
                title=title,
                note=note,
                admins=services.admins,
            )
        except Invalid as exc:
            ack(response_action="errors", errors=exc.fields)
            return
        except UseCaseError as exc:
            ack(response_action="errors", errors={"url": str(exc)})
            return
        ack()
        confirm_and_refresh(services, client, team_id, user_id, ref, "Evidence")

    @app.shortcut(Shortcut.ATTACH_EVIDENCE)
    def attach_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id", "")
        with services.uow() as uow:
            mine = [a for a in uow.assessments.list_for_user(team_id, user_id) if a.is_active()]
        if not mine:
            post(client, user_id, {"text": "You have no active assessment to attach evidence to."})
            return
        permalink = client.chat_getPermalink(channel=channel, message_ts=message["ts"])["permalink"]
        meta = AttachRef(
            c=channel, ts=message["ts"], url=permalink, text=clip(message.get("text", ""), 200)
        ).dump(3000)
        client.views_open(
            trigger_id=body["trigger_id"], view=attach_modal(mine, message.get("text", ""), meta)
        )

    @app.options({"block_id": "requirement", "action_id": "value"})
    def requirement_options(ack: Ack, body: dict[str, Any]) -> None:
        """Requirements of the chosen assessment that the user may answer, matching the query."""
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
        picked = ((values.get("assessment") or {}).get("value") or {}).get("selected_option")
        if not picked:
            ack(options=[option("Pick the assessment first", "none")])
            return
        view = flows.view_of(services, team_id, int(picked["value"]))
        routing, query = view.routing, (body.get("value") or "").lower()
        matches = [
            option(f"{loc.requirement.id} {loc.requirement.text.en}", loc.requirement.id)
            for loc in view.framework.requirements()
            if routing.may_answer(user_id, loc.requirement.id, services.admins)
            and (query in loc.requirement.id.lower() or query in loc.requirement.text.en.lower())
        ]
        ack(options=matches[:OPTIONS_MAX])

    @app.view(View.ATTACH)
    def attach_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ref = AttachRef.load(body["view"]["private_metadata"])
        values = body["view"]["state"]["values"]
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        assessment = ((values.get("assessment") or {}).get("value") or {}).get(
            "selected_option"
        ) or {}
        requirement = ((values.get("requirement") or {}).get("value") or {}).get(
            "selected_option"
        ) or {}
        if not requirement or requirement.get("value") == "none":
            ack(
                response_action="errors",
                errors={"requirement": "Pick the requirement this message is evidence for."},
            )
            return
        try:
            add_evidence(
                services.uow,
                services.clock,
                team_id,
                int(assessment["value"]),
                requirement["value"],
                user_id,
                kind=EvidenceKind.MESSAGE,
                url=ref.url,
                title=_text(values, "title") or clip(ref.text, 80) or "Slack message",
                admins=services.admins,
            )
        except UseCaseError as exc:
            ack(response_action="errors", errors={"requirement": str(exc)})
            return
        ack()
        meta = MessageRef(a=int(assessment["value"]), r=requirement["value"])
        confirm_and_refresh(services, client, team_id, user_id, meta, "The message")
