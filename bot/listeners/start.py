"""Starting an assessment: the modal, its validation, and the kickoff that follows."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.adaptive import parse_adaptive
from bot.blocks.channel_language import parse_language
from bot.blocks.modals import parse_roles, start_modal
from bot.blocks.policy import parse_policy
from bot.blocks.scope import parse_scope
from bot.config.services import Services
from bot.i18n import _, current_locale, said
from bot.listeners.context import services_of, workspace_of
from bot.listeners.modal_errors import Reply, submission_key
from bot.slack.ids import View, row_id
from questionnaire.domain import Assessment, AssessmentStatus, EvidencePolicy, ReminderPolicy
from questionnaire.framework import Framework
from questionnaire.usecases.errors import Duplicate, Invalid
from questionnaire.usecases.start import StartRequest, start_assessment

log = logging.getLogger(__name__)
DEFAULT_FRAMEWORK = "caict-mlops-dev-mgmt"
FIELD_BLOCKS = {"previous": "previous", "roles": "name"}


def _default_framework(services: Services) -> Framework:
    ids = services.registry.ids()
    return services.registry.get(DEFAULT_FRAMEWORK if DEFAULT_FRAMEWORK in ids else ids[0])


def _previous(services: Services, team_id: str) -> list[Assessment]:
    with services.uow() as uow:
        return uow.assessments.list(team_id, [AssessmentStatus.COMPLETED, AssessmentStatus.ACTIVE])


def open_start(
    services: Services, client: WebClient, team_id: str, user_id: str, trigger_id: str
) -> None:
    """Open the start modal with the frameworks and the assessments one may continue."""
    view = start_modal(
        services.registry.list(),
        _default_framework(services),
        _previous(services, team_id),
        locale=current_locale(),
        channel_language=current_locale(),
    )
    client.views_open(trigger_id=trigger_id, view=view)


def _value(values: dict[str, Any], block: str) -> dict[str, Any]:
    value = (values.get(block) or {}).get("value")
    return value if isinstance(value, dict) else {}


def _picked(values: dict[str, Any], block: str) -> str | None:
    """The value of the option picked in a select or radio block, if any (a string)."""
    option = _value(values, block).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) and value else None


def _date(text: str) -> date | None:
    """A date picker's YYYY-MM-DD, or None when it is not one."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def parse_submission(
    services: Services, team_id: str, user_id: str, values: dict[str, Any]
) -> StartRequest:
    """Turn the modal's state into a StartRequest (validated later by the use case).

    Raises Invalid when a choice is not one the modal offers (a forged or stale submission:
    an unknown framework, a date or number that is not one) or the reminder settings are
    refused."""
    framework_id = _picked(values, "framework")
    target, previous = _picked(values, "target_level"), _picked(values, "previous")
    policy = _picked(values, "evidence_policy")
    due = _value(values, "due_date").get("selected_date")
    errors = {}
    if framework_id and framework_id not in services.registry.ids():
        errors["framework"] = _("Pick one of the frameworks offered.")
    if target and not (target.isdigit() and len(target) < 3):
        errors["target_level"] = _("Pick a target level from the list.")
    if previous and row_id(previous) is None:
        errors["previous"] = _("Pick an assessment from the list.")
    if policy and policy not in set(EvidencePolicy):
        errors["evidence_policy"] = _("Pick strict or lenient.")
    if due and _date(due) is None:
        errors["due_date"] = _("Pick a date with the date picker.")
    language = None
    try:
        language = parse_language(values) or current_locale()
    except ValueError:
        errors["channel_language"] = _("Pick a language from the list.")
    reminders = parse_policy(values)
    if not isinstance(reminders, ReminderPolicy):
        errors |= reminders
    if errors or not isinstance(reminders, ReminderPolicy):
        raise Invalid(errors)
    framework = (
        services.registry.get(framework_id) if framework_id else _default_framework(services)
    )
    out_of_scope, scope_error = parse_scope(values, framework)
    if scope_error:
        raise Invalid({"scope": scope_error})
    roles = parse_roles(values)
    return StartRequest(
        team_id=team_id,
        lead_id=user_id,
        name=_value(values, "name").get("value") or "",
        project=_value(values, "project").get("value") or "",
        framework=framework,
        channel_id=_value(values, "channel").get("selected_conversation") or "",
        roles=roles,
        target_level=int(target) if target else None,
        due_date=_date(due) if due else None,
        evidence_policy=EvidencePolicy(policy or EvidencePolicy.STRICT),
        reminder_policy=reminders,
        previous_id=row_id(previous),
        adaptive=parse_adaptive(values, default=True),
        channel_locale=language,
        out_of_scope=out_of_scope,
    )


def services_framework(services: Services, assessment: Assessment) -> Framework:
    """The frozen framework copy an assessment uses."""
    with services.uow() as uow:
        return uow.frameworks.load(assessment.framework_hash)


def framework_changed(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The framework select dispatches: rebuild the role pickers for the chosen framework."""
    services = services_of(context)
    ack()
    view = body.get("view") or {}
    if view.get("callback_id") != View.START:
        return
    selected = body["actions"][0].get("selected_option", {}).get("value")
    framework = services.registry.get(selected)
    team_id = workspace_of(context)
    try:
        language = parse_language(view.get("state", {}).get("values", {}))
    except ValueError:
        language = None  # a forged choice: the modal offers the lead's own again
    client.views_update(
        view_id=view["id"],
        hash=view.get("hash"),
        view=start_modal(
            services.registry.list(),
            framework,
            _previous(services, team_id),
            locale=current_locale(),
            channel_language=language or current_locale(),
        ),
    )


def submitted(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The start modal: validate, start the assessment and queue its kickoff (answering in time
    however long it takes: see `Reply`)."""
    services = services_of(context)
    team_id, user_id = workspace_of(context), body["user"]["id"]
    reply = Reply(ack, client, body)
    try:
        with reply.running(services):
            request = parse_submission(services, team_id, user_id, body["view"]["state"]["values"])
            once = submission_key(body)  # the same modal submitted twice starts one
            start_assessment(services.uow, services.clock, request, once=once)
    except Invalid as exc:
        # Modal errors are plain text: no mrkdwn escaping.
        reply(response_action="errors", errors=_on_blocks(exc.fields, body["view"]))
        return
    except Duplicate:
        reply()  # the first submission started it; its kickoff is on its way
        return
    services.courier.kick()  # the kickoff goes out now, whenever the answer does
    reply()


def _on_blocks(fields: dict[str, str], view: dict[str, Any]) -> dict[str, str]:
    """Field errors keyed by the modal's block ids; an error for a field the modal does not show
    (a forged 'continue from' when it offers none) goes on the framework field."""
    shown = {block.get("block_id") for block in view.get("blocks") or []}
    errors: dict[str, str] = {}
    for field_name, message in fields.items():
        block = FIELD_BLOCKS.get(field_name, field_name)
        block = block if block in shown or not shown else "framework"
        text = said(message)
        errors[block] = f"{errors[block]} {text}" if block in errors else text
    return errors


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.action({"block_id": "framework", "action_id": "value"})(framework_changed)
    app.view(View.START)(submitted)
