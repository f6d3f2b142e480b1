"""Evidence: the Add evidence modal, the "Attach as evidence" message shortcut and its picker."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from questionnaire.domain import Assessment, AssessmentStatus, EvidenceKind
from questionnaire.usecases.answering import add_evidence
from questionnaire.usecases.context import require_active, require_may_answer
from questionnaire.usecases.errors import Invalid, UseCaseError

from .. import flows
from ..blocks.common import option
from ..blocks.modals import attach_modal, evidence_modal
from ..blocks.questions import on_question_page
from ..ids import Action, AttachRef, MessageRef, MoreRef, QuestionRef, Shortcut, View
from ..services import Services
from ..slack_io import Directory, ephemeral, post
from ..text import clip, esc, esc_message
from .answers import where
from .modal_errors import plain_error

OPTIONS_MAX = 100


def _text(values: dict[str, Any], block: str) -> str | None:
    return (values.get(block, {}).get("value") or {}).get("value")


def confirm_and_refresh(
    services: Services, client: WebClient, team_id: str, user_id: str, ref: MessageRef, what: str
) -> None:
    """Refresh the question page the evidence came from (or, when it came from elsewhere, the
    pages that show the requirement now), and confirm to the person."""
    view = flows.view_of(services, team_id, ref.a)
    if ref.c and ref.ts and ref.i:
        flows.refresh_page(services, client, view, ref.u or user_id, ref.i, ref.p, ref.c, ref.ts)
    elif ref.r:
        owner = view.routing.owner(ref.r)
        flows.refresh_pages_showing(
            services, client, view, ref.r, list(dict.fromkeys([owner, user_id]))
        )
    post(
        client,
        user_id,
        {
            "text": f":paperclip: {what} attached to `{esc(ref.r or '')}` in *{esc(view.assessment.name)}*."
        },
    )


def attachable(services: Services, team_id: str, user_id: str) -> list[Assessment]:
    """Active assessments the user may attach evidence in (admins: all of the workspace)."""
    with services.uow() as uow:
        if user_id in services.admins:
            return uow.assessments.list(team_id, [AssessmentStatus.ACTIVE])
        return [a for a in uow.assessments.list_for_user(team_id, user_id) if a.is_active()]


def requirement_choices(
    services: Services, team_id: str, user_id: str, assessment_id: int, query: str
) -> list[dict[str, Any]]:
    """Options for the requirements the user may answer whose id or text contains the query."""
    view = flows.view_of(services, team_id, assessment_id)
    routing, query, locale = view.routing, query.strip().casefold(), services.locale
    matches = []
    for loc in view.framework.requirements():
        req = loc.requirement
        text = req.text.get(locale)
        found = query in req.id.casefold() or query in text.casefold()
        if found and routing.may_answer(user_id, req.id, services.admins):
            matches.append(option(f"{req.id} {text}", req.id))
            if len(matches) == OPTIONS_MAX:
                break
    return matches


def open_evidence(
    services: Services, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the Add evidence modal for one requirement; whoever may not add is told why."""
    channel, ts = where(body)
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    try:
        view = flows.view_of(services, team_id, ref.a)
        require_active(view.assessment)
        require_may_answer(view.routing, [ref.r], user_id, services.admins)
    except UseCaseError as exc:
        ephemeral(client, channel, user_id, f":no_entry: {esc_message(exc)}")
        return
    loc = view.framework.locate(ref.r)
    # The item comes from the requirement: a page shows one item, and menu values carry no item.
    # Only a page is re-rendered in place; a prompt or the all-done message stays as it is.
    if on_question_page(body["actions"][0].get("block_id")):
        meta = MessageRef(a=ref.a, r=ref.r, i=loc.item.id, p=ref.p, c=channel, ts=ts, u=ref.u)
    else:
        meta = MessageRef(a=ref.a, r=ref.r)
    client.views_open(
        trigger_id=body["trigger_id"], view=evidence_modal(loc, meta.dump(3000), services.locale)
    )


def register(app: App, services: Services) -> None:
    directory = Directory(app.client)

    @app.action(Action.ADD_EVIDENCE)  # pages owing evidence, older pages, prompts, all-done
    def add_evidence_clicked(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_evidence(services, client, body, QuestionRef.load(body["actions"][0]["value"]))

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
            ack(response_action="errors", errors={"url": plain_error(directory, team_id, exc)})
            return
        ack()
        confirm_and_refresh(services, client, team_id, user_id, ref, "Evidence")

    @app.shortcut(Shortcut.ATTACH_EVIDENCE)
    def attach_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id", "")
        mine = attachable(services, team_id, user_id)
        if not mine:
            text = (
                ":no_entry: You don't answer in any active assessment, so there is nothing to "
                "attach this message to. Only the people routed a question, the lead and admins "
                "can add evidence."
            )
            ephemeral(client, channel, user_id, text)
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
        try:
            matches = requirement_choices(
                services, team_id, user_id, int(picked["value"]), body.get("value") or ""
            )
        except UseCaseError:  # deleted meanwhile: nothing to offer
            matches = []
        ack(options=matches)

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
            error = plain_error(directory, team_id, exc)
            ack(response_action="errors", errors={"requirement": error})
            return
        ack()
        meta = MessageRef(a=int(assessment["value"]), r=requirement["value"])
        confirm_and_refresh(services, client, team_id, user_id, meta, "The message")
