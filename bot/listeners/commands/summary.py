"""`/maturity summary [--preview]` and `/maturity report`: post the summary, DM the report."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.messages import plain_reply
from bot.config.services import Services
from bot.listeners.invocation import Invocation
from bot.reporting import publish as summaries
from bot.slack.mrkdwn import esc
from questionnaire.domain import Assessment


def do_summary(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """/maturity summary: post the summary to the channel, or only to the requester."""
    preview = "--preview" in inv.flags
    where = "just for you" if preview else f"to <#{a.channel_id}>"
    ack(**plain_reply(f"Posting the summary of *{esc(a.name)}* {where}…"))
    summaries.publish(services, client, a, requester=inv.user_id, preview=preview)


def do_report(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """/maturity report: upload the HTML report to the requester's DM."""
    ack(**plain_reply(f"Writing the report of *{esc(a.name)}*; I'll send it to you by DM."))
    summaries.send_report(services, client, a, inv.user_id)
