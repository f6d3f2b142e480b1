"""The `/maturity` slash command: parse the subcommand and hand it to its handler."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.messages import (
    closed_refusal,
    help_message,
    list_message,
    not_lead_refusal,
    plain_reply,
    status_message,
)
from bot.blocks.modals import pick_modal
from bot.config.services import Services
from bot.listeners import delete, holidays, lead, settings, start
from bot.reporting import publish as summaries
from bot.slack.ids import COMMAND, PickRef
from bot.slack.mrkdwn import esc, esc_message
from questionnaire.domain import Assessment
from questionnaire.readmodels import progress
from questionnaire.usecases.admin import close_assessment, find_assessment
from questionnaire.usecases.context import is_lead_or_admin
from questionnaire.usecases.errors import Closed, NotAllowed, UseCaseError


@dataclass(frozen=True, slots=True)
class Invocation:
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    subcommand: str
    name: str | None
    flags: frozenset[str]
    response_url: str | None
    picked: bool = False  # run from the assessment picker (a view submission), not the command

    def open_modal(self, client: WebClient, ack: Ack, view: dict[str, Any]) -> None:
        """Show a modal: in place of the picker when run from it, else with views.open."""
        if self.picked:
            ack(response_action="update", view=view)
        else:
            ack()
            client.views_open(trigger_id=self.trigger_id, view=view)


def parse(body: dict[str, Any]) -> Invocation:
    """Split `/maturity status "Fraud model" --preview` into its parts; quotes are optional."""
    text = (body.get("text") or "").strip()
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote: fall back to plain splitting
        words = text.split()
    flags = frozenset(w for w in words if w.startswith("--"))
    rest = [w for w in words if not w.startswith("--")]
    return Invocation(
        team_id=body["team_id"],
        user_id=body["user_id"],
        channel_id=body.get("channel_id", ""),
        trigger_id=body.get("trigger_id", ""),
        subcommand=(rest[0].lower() if rest else "help"),
        name=" ".join(rest[1:]) or None,
        flags=flags,
        response_url=body.get("response_url"),
    )


Handler = Callable[[Services, WebClient, Invocation, Assessment, Ack], None]


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
                "You have no open assessment. Name one, or start one with `/maturity start`."
            )
        )
    else:
        ack()
        meta = PickRef(cmd=inv.subcommand, preview="--preview" in inv.flags).dump(3000)
        client.views_open(
            trigger_id=inv.trigger_id,
            view=pick_modal("Which assessment?", found, meta),
        )


def do_status(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    people, level_line = progress.of(services.uow, a, services.locale)
    ack(**status_message(a, people, level_line))


def do_close(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    assert a.id is not None
    # From the picker, the use case's refusal shows in place, as a modal error (plain text).
    if not inv.picked and not is_lead_or_admin(a, inv.user_id, services.admins):
        ack(**not_lead_refusal(a, "close it"))
        return
    if not inv.picked and not a.is_active():
        ack(**closed_refusal(a, "there is nothing left to close"))
        return
    closed = close_assessment(
        services.uow, services.clock, inv.team_id, a.id, inv.user_id, services.admins
    )
    ack(
        **plain_reply(
            f"Closed *{esc(closed.name)}*. Its final result goes to <#{closed.channel_id}>."
        )
    )
    services.courier.kick()  # the final summary was queued with the close


def do_summary(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    preview = "--preview" in inv.flags
    where = "just for you" if preview else f"to <#{a.channel_id}>"
    ack(**plain_reply(f"Posting the summary of *{esc(a.name)}* {where}…"))
    summaries.publish(services, client, a, requester=inv.user_id, preview=preview)


def do_report(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    ack(**plain_reply(f"Writing the report of *{esc(a.name)}*; I'll send it to you by DM."))
    summaries.send_report(services, client, a, inv.user_id)


HANDLERS: dict[str, Handler] = {
    "status": do_status,
    "close": do_close,
    "summary": do_summary,
    "report": do_report,
    "assign": lead.open_assign,
    "remind": lead.remind_now,
    "delete": delete.open_delete,
    "settings": settings.open_settings,
}


def run_for(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """Run a subcommand on an assessment picked in the picker modal."""
    HANDLERS[inv.subcommand](services, client, inv, a, ack)


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def maturity(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        inv = parse(body)
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
            elif inv.subcommand == "holidays":
                holidays.handle(services, inv, ack)
            elif inv.subcommand in HANDLERS:
                resolve(services, client, inv, ack, HANDLERS[inv.subcommand])
            elif inv.subcommand == "help":
                ack(**help_message(COMMAND))
            else:
                ack(**help_message(COMMAND, f"I don't know `{esc(inv.subcommand)}`."))
        except (NotAllowed, Closed) as exc:  # refusals; the checks above name the assessment
            ack(**plain_reply(f":no_entry: {esc_message(exc)}"))
        except UseCaseError as exc:
            ack(**plain_reply(f":warning: {esc_message(exc)}"))
