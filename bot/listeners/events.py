"""Events API: thread replies with links or files become evidence; retries are de-duplicated."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from questionnaire.domain import EvidenceKind
from questionnaire.usecases.answering import add_evidence
from questionnaire.usecases.errors import UseCaseError

from .. import flows
from ..blocks.common import section
from ..blocks.questions import attached, evidence_what
from ..services import Services
from ..slack_io import post
from ..text import esc_message, plural
from .home import home_view

log = logging.getLogger(__name__)
SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")


def evidence_in(event: dict[str, Any]) -> list[tuple[EvidenceKind, str, str | None]]:
    """(kind, url, title) for every link and file in a message."""
    found: list[tuple[EvidenceKind, str, str | None]] = [
        (EvidenceKind.LINK, url, label or None)
        for url, label in SLACK_LINK.findall(event.get("text") or "")
    ]
    for f in event.get("files") or []:
        url = f.get("permalink") or f.get("url_private")
        if url:
            found.append((EvidenceKind.FILE, url, f.get("title") or f.get("name")))
    return found


def replied(added: list[tuple[EvidenceKind, str, str | None]]) -> str:
    """What a thread reply attached: its one link, else how many links and files."""
    if len(added) == 1:
        _, url, title = added[0]
        return evidence_what(url, title)
    files = sum(1 for kind, _, _ in added if kind is EvidenceKind.FILE)
    parts = [plural(len(added) - files, "link"), plural(files, "file")]
    return " and ".join(p for p in parts if not p.startswith("0 "))


DM_ASSESSMENTS_SHOWN = 10


def dm_reply(services: Services, team_id: str, user_id: str) -> dict[str, Any]:
    """Someone wrote to the bot outside a question thread: say how it works and where they stand."""
    hint = (
        "I ask assessment questions here, one capability item at a time: answer with the buttons. "
        "To attach evidence, reply with a link or file in the thread of my evidence message, or "
        "use *Add evidence* on the question (its ⋯ menu, or a button while evidence is owed). "
        "`/maturity help` lists the commands."
    )
    # Without the Home tab's header; 3 blocks an assessment keeps a message inside its 50.
    blocks = home_view(services, team_id, user_id, shown=DM_ASSESSMENTS_SHOWN)["blocks"][1:]
    return {"text": hint, "blocks": [section(hint), *blocks]}


def register(app: App, services: Services) -> None:
    @app.middleware
    def drop_retries(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """Slack re-sends events it thinks were missed: handle each event id once."""
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and event_id:
            with services.uow() as uow:
                first = uow.events.first_time(
                    body.get("team_id", ""), event_id, services.clock.now()
                )
                uow.commit()
            if not first:
                return BoltResponse(status=200, body="")
        return next()

    @app.event("message")
    def message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype") not in (
            None,
            "file_share",
            "thread_broadcast",
        ):
            return
        thread_ts, channel, user_id = (
            event.get("thread_ts"),
            event.get("channel", ""),
            event.get("user", ""),
        )
        team_id = body.get("team_id", "")
        if not thread_ts or thread_ts == event.get("ts"):
            if event.get("channel_type") == "im" and user_id:
                post(client, channel, dm_reply(services, team_id, user_id))
            return
        with services.uow() as uow:
            prompt = uow.prompts.find(team_id, channel, thread_ts)
        if prompt is None:
            return
        assessment_id, requirement_id = prompt
        items = evidence_in(event)
        if not items:
            post(
                client,
                channel,
                {"text": "Reply with a link or attach a file and I'll add it as evidence."},
                thread_ts=thread_ts,
            )
            return
        added: list[tuple[EvidenceKind, str, str | None]] = []
        for kind, url, title in items:
            try:
                add_evidence(
                    services.uow,
                    services.clock,
                    team_id,
                    assessment_id,
                    requirement_id,
                    user_id,
                    kind=kind,
                    url=url,
                    title=title,
                    admins=services.admins,
                )
                added.append((kind, url, title))
            except UseCaseError as exc:
                post(
                    client, channel, {"text": f":warning: {esc_message(exc)}"}, thread_ts=thread_ts
                )
                break  # what was attached before the refusal stays, and is confirmed below
        if not added:
            return
        view = flows.view_of(services, team_id, assessment_id)
        text = attached(view.assessment, requirement_id, replied(added))
        post(client, channel, {"text": text}, thread_ts=thread_ts)  # the only confirmation
        people = list(dict.fromkeys([view.routing.owner(requirement_id), user_id]))
        flows.refresh_pages_showing(services, client, view, requirement_id, people)
