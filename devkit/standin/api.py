"""Shared plumbing for the stand-in's Web API methods: call context, parameters and scopes."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from devkit.standin.models import JsonDict
from devkit.standin.state import Workspace

DEFAULT_SCOPES = frozenset(
    {
        "app_mentions:read",
        "channels:history",
        "channels:join",
        "channels:read",
        "chat:write",
        "commands",
        "files:read",
        "files:write",
        "groups:history",
        "groups:read",
        "im:history",
        "im:read",
        "im:write",
        "mpim:history",
        "reactions:write",
        "users:read",
        "users:read.email",
    }
)

# The scope each method needs with a bot token (methods absent here need none, or check their
# own: conversations.history needs the history scope of the conversation's kind).
METHOD_SCOPES = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "conversations.open": "im:write",
    "conversations.join": "channels:join",
    "conversations.info": "channels:read",
    "conversations.members": "channels:read",
    "conversations.list": "channels:read",
    "users.info": "users:read",
    "users.list": "users:read",
    "users.lookupByEmail": "users:read.email",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "files.info": "files:read",
    "reactions.add": "reactions:write",
}

# Fields Slack takes as JSON, either inline (JSON bodies) or as a JSON string (form bodies).
JSON_FIELDS = ("blocks", "attachments", "view", "files", "metadata")


class ApiError(Exception):
    """A Slack Web API error answer: `{"ok": false, "error": code, **extra}`."""

    def __init__(self, error: str, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra

    def body(self) -> JsonDict:
        """Return the JSON body Slack would answer with."""
        return {"ok": False, "error": self.error, **self.extra}


@dataclass
class StandInOptions:
    """Behaviour switches of the stand-in that handlers consult."""

    scopes: set[str] = field(default_factory=lambda: set(DEFAULT_SCOPES))
    trigger_ttl: float = 3.0
    strict_triggers: bool = True
    deleted_user_dm_error: str | None = "user_disabled"
    root_url: str = ""


@dataclass
class ApiContext:
    """One Web API call as a handler sees it."""

    workspace: Workspace
    params: JsonDict
    options: StandInOptions

    def text(self, name: str, *, required: bool = False) -> str | None:
        """A string parameter; missing required ones fail with invalid_arguments."""
        value = self.params.get(name)
        if value is None or value == "":
            if required:
                raise invalid_arguments(f"missing required field: {name}")
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def flag(self, name: str) -> bool:
        """A boolean parameter (`true`, `1`, True)."""
        value = self.params.get(name)
        return value is True or (isinstance(value, str) and value.lower() in ("1", "true"))

    def json_value(self, name: str, error: str = "invalid_arguments") -> Any:
        """A JSON parameter, accepting inline JSON or a JSON-encoded string."""
        value = self.params.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ApiError(error) from exc
        return value


Handler = Callable[[ApiContext], JsonDict]


def invalid_arguments(*messages: str) -> ApiError:
    """Slack's answer to missing or malformed arguments."""
    return ApiError(
        "invalid_arguments", response_metadata={"messages": [f"[ERROR] {m}" for m in messages]}
    )


def decode_params(params: JsonDict) -> JsonDict:
    """Copy params with JSON-string fields decoded, for readable call records."""
    decoded = dict(params)
    for name in JSON_FIELDS:
        if isinstance(decoded.get(name), str):
            with contextlib.suppress(json.JSONDecodeError):
                decoded[name] = json.loads(decoded[name])
    decoded.pop("token", None)
    return decoded
