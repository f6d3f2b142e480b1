"""Transport of the signed-request client: Slack-style signing, HTTP, and shared helpers."""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from devkit.standin import payloads
from devkit.standin.models import JsonDict, Message, View
from devkit.standin.server import SlackStandIn


class SendOptions(TypedDict, total=False):
    """How to sign and send one request (all optional)."""

    stale: bool  # sign with a timestamp ten minutes old (Bolt answers 401)
    bad_signature: bool  # sign with the wrong secret (Bolt answers 401)
    timestamp: int  # sign with this exact timestamp
    headers: dict[str, str]  # extra headers


@dataclass(frozen=True)
class Response:
    """What the bot answered: status, headers (lower-case names) and parsed body."""

    status: int
    headers: dict[str, str]
    body: Any  # parsed JSON when the answer is JSON, else text ('' for an empty ack)
    raw: bytes


class SignedClient:
    """Signs and POSTs bodies to a Bolt endpoint; knows the workspace identity."""

    def __init__(
        self,
        url: str,
        signing_secret: str,
        *,
        team_id: str | None = None,
        team_domain: str | None = None,
        api_app_id: str | None = None,
        bot_user_id: str | None = None,
        standin: SlackStandIn | None = None,
        timeout: float = 10.0,
    ) -> None:
        ws = standin.workspace if standin else None
        self.url = url
        self.signing_secret = signing_secret
        self.team_id = team_id or (ws.team_id if ws else "T0STANDIN")
        self.team_domain = team_domain or (ws.domain if ws else "standin")
        self.api_app_id = api_app_id or (ws.app_id if ws else "A0STANDIN")
        self.bot_user_id = bot_user_id or (ws.bot_user_id if ws else "U0BOT")
        self.standin = standin
        self.timeout = timeout
        # Errors Slack would show for the last view_submission ack (an invalid update/push view).
        self.view_errors: list[str] = []

    # -- transport -------------------------------------------------------------------------

    def post(self, body: str, content_type: str, **options: Unpack[SendOptions]) -> Response:
        """POST a raw body signed as Slack signs it (`v0:{timestamp}:{body}`, HMAC-SHA256)."""
        timestamp = options.get("timestamp") or int(time.time()) - (
            600 if options.get("stale") else 0
        )
        secret = self.signing_secret + ("-wrong" if options.get("bad_signature") else "")
        signature = SignatureVerifier(secret).generate_signature(
            timestamp=str(timestamp), body=body
        )
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature or "",
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **options.get("headers", {}),
        }
        request = urllib.request.Request(self.url, body.encode(), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return _response(answer.status, dict(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return _response(error.code, dict(error.headers.items()), error.read())

    def _interaction(self, payload: JsonDict, **options: Unpack[SendOptions]) -> Response:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **options)

    # -- helpers ---------------------------------------------------------------------------

    def _name(self, user_id: str) -> str:
        user = self.standin.workspace.users.get(user_id) if self.standin else None
        return user.name if user else user_id.lower()

    def _trigger(self, user_id: str) -> str:
        if self.standin:
            return self.standin.issue_trigger_id(user_id)
        return f"{int(time.time())}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"

    def _response_url(self, channel_id: str, user_id: str, message_ts: str | None = None) -> str:
        if self.standin:
            return self.standin.response_url(channel_id, user_id, message_ts)
        return f"https://hooks.slack.com/actions/{self.team_id}/1/{secrets.token_hex(12)}"

    def _channel(self, channel_id: str | None, user_id: str) -> JsonDict:
        if channel_id is None:
            channel_id = self.standin.dm_channel(user_id) if self.standin else "D" + user_id[1:]
        channel = self.standin.workspace.channels.get(channel_id) if self.standin else None
        if channel is None:
            name = "directmessage" if channel_id.startswith("D") else channel_id.lower()
        else:
            name = "directmessage" if channel.is_im else channel.name
        return {"id": channel_id, "name": name}

    def _note(self, user_id: str, text: str) -> None:
        if self.standin:
            self.standin.note(user_id, text)

    def _user(self, user_id: str) -> JsonDict:
        return payloads.user_object(self.team_id, user_id, self._name(user_id))

    def _team(self) -> JsonDict:
        return payloads.team_object(self.team_id, self.team_domain)

    def _view_payload(self, view: View) -> JsonDict:
        bot_id = self.standin.workspace.bot_id if self.standin else "B0BOT"
        return view.to_payload(self.team_id, self.api_app_id, bot_id)

    def _find_source(
        self, user_id: str, action_id: str, channel_id: str | None, block_id: str | None = None
    ) -> Message | View | None:
        """Where the user sees `action_id` (in block `block_id`, when given): their open modal,
        then messages, then Home."""
        if self.standin is None:
            return None

        def has(blocks: list[JsonDict]) -> bool:
            return payloads.find_element(blocks, action_id, block_id) is not None

        modal = self.standin.open_modal(user_id)
        if modal is not None and has(modal.body.get("blocks", [])):
            return modal
        channels = self.standin.workspace.channels
        for message in reversed(self.standin.messages(channel_id)):
            channel = channels.get(message.channel)
            seen = channel is not None and user_id in channel.members
            visible = message.ephemeral_to == user_id or (seen and not message.is_ephemeral)
            if visible and has(message.blocks):
                return message
        home = self.standin.home_view(user_id)
        if home is not None and has(home.body.get("blocks", [])):
            return home
        return None

    def _submitted_view(self, user_id: str, callback_id: str, view_id: str | None) -> View | None:
        if self.standin is None:
            return None
        if view_id is not None:
            return self.standin.view(view_id)
        stack = [v for v in self.standin.views(user_id) if not v.closed and v.type == "modal"]
        matching = [v for v in stack if v.callback_id == callback_id]
        return matching[-1] if matching else None


def _response(status: int, headers: dict[str, str], raw: bytes) -> Response:
    lowered = {k.lower(): v for k, v in headers.items()}
    text = raw.decode("utf-8", errors="replace")
    body: Any = text
    if "json" in lowered.get("content-type", "") or text.startswith(("{", "[")):
        try:
            body = json.loads(text)
        except json.JSONDecodeError:
            body = text
    return Response(status, lowered, body, raw)
