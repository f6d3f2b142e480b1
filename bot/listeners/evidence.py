"""Evidence: the Add evidence modal, the "Attach as evidence" message shortcut and its picker."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.common import option, plain
from bot.blocks.modals import attach_modal, attached_modal, evidence_modal
from bot.config.services import Services
from bot.i18n import _, current_locale
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.modal_errors import names, submission_key, submit
from bot.listeners.question_modals import open_checked, page_of_modal, typed
from bot.slack.ids import (
    Action,
    AttachRef,
    MessageRef,
    MoreRef,
    QuestionRef,
    Shortcut,
    View,
    row_id,
)
from bot.slack.mrkdwn import clip, mrkdwn_to_plain
from bot.slack.webapi import ephemeral, permalink
from questionnaire.domain import Assessment, AssessmentStatus, EvidenceKind
from questionnaire.usecases.context import read_view
from questionnaire.usecases.evidence import add_evidence

OPTIONS_MAX = 100


def attachable(
    services: Services, team_id: str, user_id: str, admins: Collection[str]
) -> list[Assessment]:
    """Active assessments the user may attach evidence in (admins: all of the workspace)."""
    with services.uow() as uow:
        if user_id in admins:
            return uow.assessments.list(team_id, [AssessmentStatus.ACTIVE])
        return [a for a in uow.assessments.list_for_user(team_id, user_id) if a.is_active()]


def requirement_choices(
    services: Services, team_id: str, user_id: str, admins: Collection[str], query: str
) -> dict[str, Any]:
    """The options request of the attach picker: requirements the user may answer whose id or
    text contains the query, in every assessment they may attach in (grouped when several).
    Each value is `assessment id:requirement id`, at most OPTIONS_MAX in all."""
    query, locale, left = query.strip().casefold(), current_locale(), OPTIONS_MAX
    groups: list[tuple[Assessment, list[dict[str, Any]]]] = []
    mine = attachable(services, team_id, user_id, admins)
    for n, assessment in enumerate(mine):
        # Newest first, each leaving its fair share of what is left to those after it.
        share = left if n == len(mine) - 1 else max(1, left // (len(mine) - n))
        assert assessment.id is not None
        view = read_view(services.uow, team_id, assessment.id)
        matches = []
        for loc in view.framework.requirements():
            req = loc.requirement
            text = req.text.get(locale)
            found = query in req.id.casefold() or query in text.casefold()
            if found and view.routing.may_answer(user_id, req.id, admins):
                matches.append(option(f"{req.id} {text}", f"{assessment.id}:{req.id}"))
                if len(matches) == share:
                    break
        if matches:
            groups.append((assessment, matches))
            left -= len(matches)
        if not left:
            break
    if len(groups) <= 1:
        return {"options": groups[0][1] if groups else []}
    return {
        "option_groups": [
            {"label": plain(clip(a.name, 75), 75), "options": matches} for a, matches in groups
        ]
    }


def open_evidence(
    context: BoltContext, client: WebClient, body: dict[str, Any], ref: QuestionRef | MoreRef
) -> None:
    """Open the Add evidence modal for one requirement; whoever may not add is told why."""
    opened = open_checked(context, client, body, ref)
    if opened is None:
        return
    view, meta = opened
    loc = view.framework.locate(ref.r)
    client.views_open(
        trigger_id=body["trigger_id"], view=evidence_modal(loc, meta.dump(3000), current_locale())
    )


def add_evidence_clicked(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Add evidence on a question (or an older evidence request): open the evidence modal if
    the clicker may."""
    ack()
    open_evidence(context, client, body, QuestionRef.load(body["actions"][0]["value"]))


def evidence_submitted(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """The evidence modal: attach the link or note and queue the refresh of the page showing it."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = MessageRef.load(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    team_id, user_id = workspace_of(context), body["user"]["id"]
    url = typed(values, "url")
    # Saved with the page refresh it owes; the view id makes a double submission attach it once.
    submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: add_evidence(
            services.uow,
            services.clock,
            team_id,
            ref.a,
            ref.r or "",
            user_id,
            kind=EvidenceKind.LINK if url else EvidenceKind.NOTE,
            url=url,
            title=typed(values, "title"),
            note=typed(values, "note"),
            admins=admins_of(context, client, user_id),
            page=page_of_modal(ref, user_id),
            once=submission_key(body),
        ),
        at="url",
        fields=True,
    )


def attach_shortcut(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The Attach as evidence message shortcut: open its modal with a requirement picker."""
    services = services_of(context)
    directory = directory_of(context, client)
    ack()
    team_id, user_id = workspace_of(context), body["user"]["id"]
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id", "")
    mine = attachable(services, team_id, user_id, admins_of(context, client, user_id))
    if not mine:
        text = _(
            ":no_entry: You don't answer in any active assessment, so there is nothing to "
            "attach this message to. Only the people routed a question, the lead and admins "
            "can add evidence."
        )
        ephemeral(client, channel, user_id, text)
        return
    domain = (body.get("team") or {}).get("domain") or "app"  # team is null org-wide
    url = permalink(client, domain, channel, message["ts"])
    # As people read it: the raw text holds <url|label>, <@U…> and &amp; entities.
    said = mrkdwn_to_plain(message.get("text", ""), names(directory, team_id))
    meta = AttachRef(c=channel, ts=message["ts"], url=url, text=clip(said, 200)).dump(3000)
    client.views_open(trigger_id=body["trigger_id"], view=attach_modal(mine, said, meta))


def requirement_options(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """Requirements the user may answer, in all their active assessments, matching the query."""
    services = services_of(context)
    team_id, user_id = workspace_of(context), body["user"]["id"]
    admins = admins_of(context, client, user_id)
    ack(**requirement_choices(services, team_id, user_id, admins, body.get("value") or ""))


def attach_submitted(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """The shortcut's modal: attach the message to the picked requirement; the modal itself
    turns into the confirmation (the person is looking at it), and the pages showing the
    requirement are refreshed. No DM."""
    services = services_of(context)
    directory = directory_of(context, client)
    ref = AttachRef.load(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    team_id, user_id = workspace_of(context), body["user"]["id"]
    picked = (
        ((values.get("requirement") or {}).get("value") or {}).get("selected_option") or {}
    ).get("value") or ""
    picked_id, _colon, requirement_id = picked.partition(":")
    assessment_id = row_id(picked_id)
    if assessment_id is None or not requirement_id:
        ack(
            response_action="errors",
            errors={"requirement": _("Pick the requirement this message is evidence for.")},
        )
        return
    chosen: int = assessment_id
    title = typed(values, "title") or clip(ref.text, 80) or _("Slack message")
    submit(
        ack,
        body,
        client,
        services,
        directory,
        team_id,
        lambda: add_evidence(
            services.uow,
            services.clock,
            team_id,
            chosen,
            requirement_id,
            user_id,
            kind=EvidenceKind.MESSAGE,
            url=ref.url,
            title=title,
            admins=admins_of(context, client, user_id),
            once=submission_key(body),
        ),
        at="requirement",
        done=lambda evidence: attached_modal(
            read_view(services.uow, team_id, chosen, evidence=False).assessment,
            evidence,
            body["view"]["private_metadata"],
        ),
    )


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    # pages owing evidence, older pages, older evidence requests, the closing message
    app.action(Action.ADD_EVIDENCE)(add_evidence_clicked)
    app.view(View.EVIDENCE)(evidence_submitted)
    app.shortcut(Shortcut.ATTACH_EVIDENCE)(attach_shortcut)
    app.options({"block_id": "requirement", "action_id": "value"})(requirement_options)
    app.view(View.ATTACH)(attach_submitted)
