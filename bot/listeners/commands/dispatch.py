"""The `/maturity` slash command: parse it, find the assessment, hand it to its subcommand."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.messages import (
    help_message,
    list_message,
    plain_reply,
)
from bot.blocks.modals import pick_modal
from bot.config.services import Services
from bot.i18n import _
from bot.listeners import delete, holidays, lead, settings, start
from bot.listeners.commands import admins, close, language, portfolio, status, summary
from bot.listeners.context import admins_of, directory_of, services_of, workspace_of
from bot.listeners.invocation import CommandReply, Handler, Invocation, parse
from bot.slack.ids import COMMAND, PickRef
from bot.slack.mrkdwn import esc, esc_message
from questionnaire.domain import Assessment
from questionnaire.readmodels import progress
from questionnaire.usecases.admin import find_assessment
from questionnaire.usecases.errors import Closed, NotAllowed, UseCaseError


def resolve(
    services: Services, client: WebClient, inv: Invocation, ack: Ack, handler: Handler
) -> None:
    """Run `handler` on the named assessment; with no name, the user's only one or a picker."""
    found = find_assessment(services.uow, inv.team_id, inv.user_id, inv.name)
    if isinstance(found, Assessment):
        handler(services, client, inv, found, ack)
    elif not found:
        ack(
            **plain_reply(
                _("You have no open assessment. Name one, or start one with `/maturity start`.")
            )
        )
    else:
        ack()
        meta = PickRef(cmd=inv.subcommand, preview="--preview" in inv.flags).dump(3000)
        client.views_open(
            trigger_id=inv.trigger_id,
            view=pick_modal(_("Which assessment?"), found, meta),
        )


HANDLERS: dict[str, Handler] = {
    "status": status.do_status,
    "close": close.do_close,
    "summary": summary.do_summary,
    "report": summary.do_report,
    "assign": lead.open_assign,
    "remind": lead.remind_now,
    "delete": delete.open_delete,
    "settings": settings.open_settings,
}


NEED_ADMINS = {
    "holidays",
    "admins",
    "language",
}  # besides HANDLERS: who may change what differs for admins


def run_for(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Run a subcommand on an assessment picked in the picker modal."""
    HANDLERS[inv.subcommand](services, client, inv, a, ack)


def maturity(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The /maturity command: parse it and run its subcommand (or a picker, or help), answering
    in time however long it runs (see `CommandReply`)."""
    services = services_of(context)
    reply = CommandReply(ack, body.get("response_url"))
    with reply.running(services):
        _run(services, client, context, body, reply)


def _run(
    services: Services, client: WebClient, context: BoltContext, body: dict[str, Any], ack: Ack
) -> None:
    inv = parse(body, workspace_of(context))
    if inv.subcommand in HANDLERS or inv.subcommand in NEED_ADMINS:
        inv = replace(inv, admins=admins_of(context, client, inv.user_id))
    try:
        if inv.subcommand == "start":
            ack()
            start.open_start(services, client, inv.team_id, inv.user_id, inv.trigger_id)
        elif inv.subcommand == "list":
            ack(
                **list_message(
                    progress.my_assessments(services.uow, inv.team_id, inv.user_id), inv.user_id
                )
            )
        elif inv.subcommand == "portfolio":
            portfolio.do_portfolio(services, client, inv, ack)
        elif inv.subcommand == "holidays":
            holidays.handle(services, inv, ack)
        elif inv.subcommand == "language":
            language.handle(services, inv, ack)
        elif inv.subcommand == "admins":
            admins.handle(services, directory_of(context, client), inv, ack)
        elif inv.subcommand in HANDLERS:
            resolve(services, client, inv, ack, HANDLERS[inv.subcommand])
        elif inv.subcommand == "help":
            ack(**help_message(COMMAND))
        else:
            dont = _("I don't know `%(command)s`.") % {"command": esc(inv.subcommand)}
            ack(**help_message(COMMAND, dont))
    except (NotAllowed, Closed) as exc:  # refusals; the checks above name the assessment
        ack(**plain_reply(f":no_entry: {esc_message(exc)}"))
    except UseCaseError as exc:
        ack(**plain_reply(f":warning: {esc_message(exc)}"))


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.command(COMMAND)(maturity)
