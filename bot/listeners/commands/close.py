"""`/maturity close`: the lead or an admin closes an assessment; the final summary follows."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.messages import closed_refusal, not_lead_refusal, plain_reply
from bot.config.services import Services
from bot.i18n import N_, _
from bot.listeners.invocation import Invocation
from bot.slack.mrkdwn import esc
from questionnaire.domain import Assessment
from questionnaire.usecases.admin import close_assessment
from questionnaire.usecases.context import is_lead_or_admin


def do_close(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """/maturity close: close the assessment; its final summary is queued with the close."""
    assert a.id is not None
    # From the picker, the use case's refusal shows in place, as a modal error (plain text).
    if not inv.picked and not is_lead_or_admin(a, inv.user_id, inv.admins):
        ack(**not_lead_refusal(a, N_("close it")))
        return
    if not inv.picked and not a.is_active():
        ack(**closed_refusal(a, N_("there is nothing left to close")))
        return
    closed = close_assessment(
        services.uow, services.clock, inv.team_id, a.id, inv.user_id, inv.admins
    )
    ack(
        **plain_reply(
            _("Closed *%(name)s*. Its final result goes to %(channel)s.")
            % {"name": esc(closed.name), "channel": f"<#{closed.channel_id}>"}
        )
    )
    services.courier.kick()  # the final summary was queued with the close
