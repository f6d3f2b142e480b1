"""The ⋯ menu on each question: Guidance, Add evidence, Add a comment / Edit comment, Not me."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.listeners.answers import open_guidance
from bot.listeners.comments import open_comment
from bot.listeners.evidence import open_evidence
from bot.listeners.handoff import hand_on_one
from bot.slack.ids import Action, More, MoreRef, QuestionRef

Handler = Callable[[BoltContext, WebClient, dict[str, Any], QuestionRef | MoreRef], None]

HANDLERS: dict[More, Handler] = {
    More.GUIDANCE: open_guidance,
    More.EVIDENCE: open_evidence,
    More.COMMENT: open_comment,
    More.HAND_ON: hand_on_one,
}


def chosen(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A choice from a question's ⋯ menu: guidance, add evidence, comment or hand on."""
    ack()
    ref = MoreRef.load(body["actions"][0]["selected_option"]["value"])
    HANDLERS[ref.v](context, client, body, ref)


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.action(Action.MORE)(chosen)
