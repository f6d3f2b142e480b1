"""`/maturity summary [--preview]` and `/maturity report`: post the summary, DM the report."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.messages import plain_reply
from bot.config.services import Services
from bot.i18n import _
from bot.listeners.invocation import Invocation
from bot.reporting import publish as summaries
from bot.slack.mrkdwn import esc
from questionnaire.domain import Assessment


def do_summary(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """/maturity summary: post the summary to the channel, or only to the requester."""
    preview = "--preview" in inv.flags
    name = esc(a.name)
    text = (
        _("Posting the summary of *%(name)s* just for you…") % {"name": name}
        if preview
        else _("Posting the summary of *%(name)s* to %(channel)s…")
        % {"name": name, "channel": f"<#{a.channel_id}>"}
    )
    ack(**plain_reply(text))
    summaries.publish(services, client, a, requester=inv.user_id, preview=preview)


def do_report(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """/maturity report: upload the HTML report to the requester's DM."""
    writing = _("Writing the report of *%(name)s*; I'll send it to you by DM.")
    ack(**plain_reply(writing % {"name": esc(a.name)}))
    summaries.send_report(services, client, a, inv.user_id)
