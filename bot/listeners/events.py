"""Events API: thread replies with links or files become evidence; retries are de-duplicated."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.blocks.common import section
from bot.config.services import Services
from bot.i18n import _
from bot.listeners.context import admins_of, services_of, workspace_of
from bot.listeners.home import home_view
from bot.listeners.middleware import Direct
from bot.slack.mrkdwn import unescape
from bot.slack.webapi import post
from questionnaire.domain import EvidenceKind
from questionnaire.usecases.errors import Duplicate
from questionnaire.usecases.page_threads import ThreadReply, attach_from_thread

log = logging.getLogger(__name__)
SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")


def evidence_in(event: dict[str, Any]) -> list[tuple[EvidenceKind, str, str | None]]:
    """(kind, url, title) for every link and file in a message, as the person wrote them:
    Slack sends `&`, `<` and `>` inside a link as `&amp;`, `&lt;`, `&gt;`."""
    found: list[tuple[EvidenceKind, str, str | None]] = [
        (EvidenceKind.LINK, unescape(url), unescape(label) or None)
        for url, label in SLACK_LINK.findall(event.get("text") or "")
    ]
    for f in event.get("files") or []:
        url = f.get("permalink") or f.get("url_private")
        if url:
            found.append((EvidenceKind.FILE, url, f.get("title") or f.get("name")))
    return found


def unreadable_files(event: dict[str, Any]) -> int:
    """Files the bot is shown without a link (shared from another organisation through Slack
    Connect, or hidden past the workspace's plan limit): it cannot attach them."""
    return sum(
        1 for f in event.get("files") or [] if not (f.get("permalink") or f.get("url_private"))
    )


DM_ASSESSMENTS_SHOWN = 10


def dm_reply(services: Services, team_id: str, user_id: str) -> dict[str, Any]:
    """Someone wrote to the bot outside a question thread: say how it works and where they stand."""
    hint = _(
        "I ask assessment questions here, one capability item at a time: answer with the buttons. "
        "To attach evidence, reply with a link or file in the thread of the question's page, or "
        "use *Add evidence* on the question (its ⋯ menu, or a button while evidence is owed). "
        "`/maturity help` lists the commands."
    )
    # Without the Home tab's header; 3 blocks an assessment keeps a message inside its 50.
    blocks = home_view(services, team_id, user_id, shown=DM_ASSESSMENTS_SHOWN)["blocks"][1:]
    return {"text": hint, "blocks": [section(hint), *blocks]}


def thread_reply(body: dict[str, Any], team_id: str) -> ThreadReply | None:
    """A person's message in the thread of another message, or None for anything else;
    `team_id` is the workspace it is scoped to (the bot's, see `context.workspace_of`). An
    edited reply counts with what the edit added: the links and files it did not have."""
    event = body.get("event") or {}
    if event.get("type") != "message" or event.get("bot_id"):
        return None
    before: dict[str, Any] = {}
    if event.get("subtype") == "message_changed":
        before = event.get("previous_message") or {}
        event = {**(event.get("message") or {}), "channel": event.get("channel", "")}
        if event.get("bot_id"):
            return None
    elif event.get("subtype") not in (None, "file_share", "thread_broadcast"):
        return None
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts") or not event.get("user"):
        return None
    had = set(evidence_in(before)) if before else set()
    added = [item for item in evidence_in(event) if item not in had]
    if before and not added:
        return None  # an edit that adds no link or file (a typo fixed) is not answered
    return ThreadReply(
        team_id=team_id,
        event_id=str(body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"),
        channel=event.get("channel", ""),
        thread_ts=thread_ts,
        user_id=event["user"],
        items=added,
        text=event.get("text") or "",
        unreadable_files=0 if before else unreadable_files(event),
    )


def apply_events(
    body: dict[str, Any],
    next: Callable[[], BoltResponse],
    context: BoltContext,
    client: WebClient,
) -> BoltResponse | None:
    """Thread replies are applied before Slack gets its 200, with their event id in the
    same transaction: a crash before the commit leaves the event to Slack's retry, and a
    retry of an applied one changes nothing. Other events are recorded, then handled."""
    if body.get("type") == "app_rate_limited":  # Slack dropped events for a minute: say so
        log.warning(
            "Slack rate-limited this app's events (minute %s); some events were not delivered",
            body.get("minute_rate_limited"),
        )
        return BoltResponse(status=200, body="")
    if body.get("type") != "event_callback":
        return next()
    services = services_of(context)
    team_id = workspace_of(context)
    reply = thread_reply(body, team_id)
    if reply is not None:
        with suppress(Duplicate):  # Slack's retry of a reply already applied
            admins = admins_of(context, client, reply.user_id)
            attach_from_thread(services.uow, services.clock, reply, admins)
        services.courier.kick()
        return BoltResponse(status=200, body="")
    event_id = body.get("event_id")
    if event_id:
        with services.uow() as uow:
            first = uow.events.first_time(team_id, event_id, services.clock.now())
            uow.commit()
        if not first:
            return BoltResponse(status=200, body="")
    return next()


def message(
    event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Someone wrote to the bot itself (not in a thread): how it works, and their work."""
    services = services_of(context)
    if event.get("bot_id") or event.get("subtype") not in (None, "file_share"):
        return
    thread_ts, channel, user_id = (
        event.get("thread_ts"),
        event.get("channel", ""),
        event.get("user"),
    )
    if thread_ts and thread_ts != event.get("ts"):
        return  # thread replies were handled before the ack
    if event.get("channel_type") == "im" and user_id:
        post(client, channel, dm_reply(services, workspace_of(context), user_id))


def register(app: App) -> None:
    """Wire this module's listeners to the app."""
    app.middleware(Direct(apply_events))
    app.event("message")(message)
