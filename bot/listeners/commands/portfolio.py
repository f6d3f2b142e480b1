"""`/maturity portfolio [framework] [--post]`: every project's latest levels, just for the
requester or posted to the channel the command was run in."""

from __future__ import annotations

import logging

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.messages import plain_reply
from bot.blocks.portfolio import portfolio_message
from bot.config.services import Services
from bot.i18n import _, current_locale
from bot.listeners.invocation import Invocation
from bot.slack.mrkdwn import esc
from bot.slack.webapi import DirectPoster, error_code, explain
from questionnaire.readmodels.portfolio import read_portfolio

log = logging.getLogger(__name__)


def do_portfolio(services: Services, client: WebClient, inv: Invocation, ack: Ack) -> None:
    """Acknowledge, then gather the portfolio (it scores every project's assessments) and show
    it to the requester only, or with --post post it to the channel."""
    post = "--post" in inv.flags
    gathering = (
        _("Gathering every project's latest assessment to %(channel)s…")
        % {"channel": f"<#{inv.channel_id}>"}
        if post
        else _("Gathering every project's latest assessment just for you…")
    )
    ack(**plain_reply(gathering))
    found, used = read_portfolio(services.uow, inv.team_id, inv.name, current_locale())
    if found is None:
        known = ", ".join(f"`{esc(f)}`" for f in used)
        none = (
            _("No assessments of `%(framework)s` in this workspace yet.")
            % {"framework": esc(inv.name)}
            if inv.name
            else _("No assessments in this workspace yet.")
        )
        assessed = " " + _("Assessed: %(frameworks)s.") % {"frameworks": known} if known else ""
        inv.reply(client, plain_reply(none + assessed))
        return
    payload = portfolio_message(found)
    if not post:
        inv.reply(client, payload)
        return
    try:
        DirectPoster(client).post_to_channel(inv.channel_id, payload)
    except SlackApiError as exc:
        log.warning("portfolio not posted to %s: %s", inv.channel_id, error_code(exc))
        failed = _("I couldn't post the portfolio: %(why)s") % {"why": esc(explain(exc))}
        inv.reply(client, plain_reply(failed))
