"""`/maturity status`: each person's progress and the level so far."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks.messages import status_message
from bot.config.services import Services
from bot.i18n import current_locale
from bot.listeners.invocation import Invocation
from questionnaire.domain import Assessment
from questionnaire.readmodels import progress


def do_status(
    services: Services, client: WebClient, inv: Invocation, a: Assessment, ack: Ack
) -> None:
    """/maturity status: progress per person and the level so far."""
    people, level_line = progress.of(services.uow, a, current_locale())
    ack(**status_message(a, people, level_line))
