"""Records of the stand-in workspace: users, channels, messages, files, views, triggers."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

JsonDict = dict[str, Any]


def tz_offset_of(tz: str) -> int:
    """Return the current UTC offset in seconds of an IANA zone name (0 if unknown)."""
    try:
        offset = datetime.now(UTC).astimezone(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


@dataclass
class User:
    """A workspace member as `users.info` describes it."""

    id: str
    name: str
    real_name: str
    display_name: str = ""
    tz: str = "Europe/London"
    tz_offset: int = 0
    deleted: bool = False
    is_bot: bool = False
    locale: str = "en-US"
    email: str | None = None
    is_admin: bool = False  # a workspace admin (owners are admins too, as Slack reports them)

    def to_payload(self, team_id: str, *, include_locale: bool = False) -> JsonDict:
        """Render the user object of `users.info`."""
        profile: JsonDict = {
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
            "team": team_id,
        }
        if self.email:
            profile["email"] = self.email
        payload: JsonDict = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": self.tz_offset,
            "is_bot": self.is_bot,
            "is_admin": self.is_admin,
            "is_owner": False,
            "is_app_user": False,
            "profile": profile,
        }
        if include_locale:
            payload["locale"] = self.locale
        return payload


@dataclass
class Channel:
    """A conversation: public or private channel, or the bot's DM with one user."""

    id: str
    name: str
    is_private: bool = False
    members: set[str] = field(default_factory=set)
    is_archived: bool = False
    is_im: bool = False
    is_mpim: bool = False
    dm_user: str | None = None
    created: int = field(default_factory=lambda: int(time.time()))

    def to_payload(self, bot_user_id: str) -> JsonDict:
        """Render the channel object of `conversations.info`."""
        if self.is_im:
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "is_org_shared": False,
                "user": self.dm_user,
                "is_user_deleted": False,
                "priority": 0,
            }
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "created": self.created,
            "is_channel": not self.is_mpim,
            "is_group": self.is_private and not self.is_mpim,
            "is_im": False,
            "is_mpim": self.is_mpim,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_general": self.name == "general",
            "is_shared": False,
            "is_member": bot_user_id in self.members,
            "num_members": len(self.members),
        }


@dataclass
class Message:
    """A message as it stands now (after updates); `ephemeral_to` marks ephemeral ones."""

    channel: str
    ts: str
    text: str
    blocks: list[JsonDict]
    user: str
    bot_id: str | None = None
    thread_ts: str | None = None
    ephemeral_to: str | None = None
    source: str = "chat.postMessage"
    edits: int = 0
    deleted: bool = False
    files: list[str] = field(default_factory=list)
    reactions: dict[str, list[str]] = field(default_factory=dict)
    metadata: JsonDict | None = None

    @property
    def is_ephemeral(self) -> bool:
        """True if only `ephemeral_to` can see this message."""
        return self.ephemeral_to is not None

    def to_payload(self, team_id: str, app_id: str | None = None) -> JsonDict:
        """Render the message object found in API answers and interaction payloads."""
        payload: JsonDict = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        if self.bot_id:
            payload.update(bot_id=self.bot_id, app_id=app_id, team=team_id)
        if self.blocks:
            payload["blocks"] = self.blocks
        if self.thread_ts:
            payload["thread_ts"] = self.thread_ts
        if self.edits:
            payload["edited"] = {"user": self.user, "ts": self.ts}
        if self.metadata:
            payload["metadata"] = self.metadata
        if self.files:
            payload["files"] = [{"id": file_id} for file_id in self.files]
        if self.reactions:
            payload["reactions"] = [
                {"name": name, "users": users, "count": len(users)}
                for name, users in self.reactions.items()
            ]
        return payload


@dataclass
class StoredFile:
    """A file created by `files.getUploadURLExternal`, filled by the upload URL."""

    id: str
    name: str
    length: int
    title: str = ""
    data: bytes | None = None
    alt_txt: str | None = None
    snippet_type: str | None = None
    completed: bool = False
    channels: list[str] = field(default_factory=list)
    initial_comment: str | None = None
    thread_ts: str | None = None
    shares: dict[str, str] = field(default_factory=dict)  # channel id -> message ts
    created: int = field(default_factory=lambda: int(time.time()))


@dataclass
class View:
    """A modal or Home tab view as the stand-in keeps it."""

    id: str
    user_id: str
    type: str
    body: JsonDict
    hash: str
    root_view_id: str
    previous_view_id: str | None = None
    closed: bool = False

    @property
    def callback_id(self) -> str:
        """The view's callback_id ('' if none)."""
        return str(self.body.get("callback_id") or "")

    @property
    def title(self) -> str:
        """The plain text of the view title ('' for Home tabs)."""
        title = self.body.get("title")
        return str(title.get("text", "")) if isinstance(title, dict) else ""

    def to_payload(self, team_id: str, app_id: str, bot_id: str) -> JsonDict:
        """Render the view object of `views.*` answers and interaction payloads."""
        body = self.body
        return {
            "id": self.id,
            "team_id": team_id,
            "type": self.type,
            "blocks": body.get("blocks", []),
            "private_metadata": body.get("private_metadata", ""),
            "callback_id": body.get("callback_id", ""),
            "state": {"values": {}},
            "hash": self.hash,
            "title": body.get("title"),
            "clear_on_close": bool(body.get("clear_on_close", False)),
            "notify_on_close": bool(body.get("notify_on_close", False)),
            "close": body.get("close"),
            "submit": body.get("submit"),
            "previous_view_id": self.previous_view_id,
            "root_view_id": self.root_view_id,
            "app_id": app_id,
            "external_id": body.get("external_id", ""),
            "app_installed_team_id": team_id,
            "bot_id": bot_id,
        }


@dataclass
class Trigger:
    """A trigger_id handed to the bot in an interaction; single use, short-lived."""

    id: str
    user_id: str
    issued: float
    used: bool = False


@dataclass
class ResponseTarget:
    """What a response_url answers into: a channel, a user and maybe the original message."""

    id: str
    channel: str
    user_id: str
    message_ts: str | None = None
    uses: int = 0


@dataclass
class Posted:
    """One transcript entry, in order: something the bot showed, or a user's action."""

    # post, update, ephemeral, response, delete, file, modal, modal-update, modal-push, home, user
    kind: str
    channel: str
    ts: str
    text: str
    blocks: list[JsonDict]
    user: str | None = None  # the only viewer (ephemeral, views) or the actor (kind "user")
    title: str = ""
    thread_ts: str | None = None  # a reply in the thread of this message


def new_id(prefix: str) -> str:
    """Return a Slack-looking id such as `F07ABCDE123`."""
    return prefix + secrets.token_hex(5).upper()
