"""Test-facing helpers of the stand-in: seed the workspace, inspect what the bot posted."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from devkit.standin.api import StandInOptions
from devkit.standin.blockkit import check_view
from devkit.standin.models import (
    Channel,
    JsonDict,
    Message,
    Posted,
    ResponseTarget,
    StoredFile,
    User,
    View,
    new_id,
    tz_offset_of,
)
from devkit.standin.state import Workspace


class WorkspaceApi:
    """Seeding and query helpers shared by the stand-in server."""

    def __init__(self, workspace: Workspace, options: StandInOptions) -> None:
        self.workspace = workspace
        self.options = options

    @property
    def team_id(self) -> str:
        """The workspace (team) id."""
        return self.workspace.team_id

    @property
    def bot_user_id(self) -> str:
        """The bot's user id, as auth.test reports it."""
        return self.workspace.bot_user_id

    # -- seeding ---------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        real_name: str | None = None,
        display_name: str = "",
        tz: str = "Europe/London",
        tz_offset: int | None = None,
        deleted: bool = False,
        is_bot: bool = False,
        locale: str = "en-US",
        email: str | None = None,
        is_admin: bool = False,
    ) -> User:
        """Add (or replace) a member; `tz_offset` defaults to the zone's current offset."""
        offset = tz_offset_of(tz) if tz_offset is None else tz_offset
        user = User(
            user_id,
            name,
            real_name or name.title(),
            display_name,
            tz,
            offset,
            deleted,
            is_bot,
            locale,
            email,
            is_admin,
        )
        with self.workspace.lock:
            self.workspace.users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        is_private: bool = False,
        members: Iterable[str] = (),
        bot_member: bool = True,
        is_archived: bool = False,
    ) -> Channel:
        """Add (or replace) a channel; `bot_member` decides whether the bot is in it."""
        member_ids = set(members) | ({self.bot_user_id} if bot_member else set())
        channel = Channel(channel_id, name, is_private, member_ids, is_archived)
        with self.workspace.lock:
            self.workspace.channels[channel_id] = channel
        return channel

    def dm_channel(self, user_id: str) -> str:
        """The bot's DM channel id with a user (created on first use, as Slack does)."""
        return self.workspace.dm_channel(user_id)

    def add_message(
        self, channel: str, user_id: str, text: str, *, blocks: list[JsonDict] | None = None
    ) -> Message:
        """Seed a message written by a person (e.g. the target of a message shortcut)."""
        ws = self.workspace
        with ws.lock:
            channel_id = self._channel_id(channel) or channel
            message = Message(channel_id, ws.next_ts(), text, blocks or [], user_id, source="user")
            ws.messages.append(message)
        return message

    def note(self, user_id: str, text: str) -> None:
        """Add a user's action (a command, a click) to the transcript."""
        ws = self.workspace
        with ws.lock:
            ws.posted.append(Posted("user", "", ws.next_ts(), text, [], user_id))

    def issue_trigger_id(self, user_id: str) -> str:
        """A fresh single-use trigger_id for `user_id`, valid for `trigger_ttl` seconds."""
        return self.workspace.issue_trigger(user_id)

    def response_url(self, channel: str, user_id: str, message_ts: str | None = None) -> str:
        """A response_url served by the stand-in, bound to a channel, user and message."""
        ws = self.workspace
        target_id = secrets.token_hex(12)
        with ws.lock:
            channel_id = self._channel_id(channel) or channel
            ws.responses[target_id] = ResponseTarget(target_id, channel_id, user_id, message_ts)
        return f"{self.options.root_url}/response/{target_id}"

    # -- queries ---------------------------------------------------------------------------

    def _channel_id(self, ref: str) -> str | None:
        ws = self.workspace
        if ref in ws.users:
            return ws.dms.get(ref)
        channel = ws.find_channel(ref)
        return channel.id if channel else None

    def messages(
        self, channel: str | None = None, *, include_deleted: bool = False
    ) -> list[Message]:
        """Messages as they stand now (ephemeral ones included), oldest first.

        `channel` may be a channel id, `#name`, or a user id (meaning the bot's DM with them).
        """
        with self.workspace.lock:
            wanted = None if channel is None else self._channel_id(channel)
            if channel is not None and wanted is None:
                return []
            return [
                m
                for m in self.workspace.messages
                if (wanted is None or m.channel == wanted) and (include_deleted or not m.deleted)
            ]

    def messages_in(self, channel_or_user_id: str) -> list[Message]:
        """Live messages in one channel, or in the bot's DM with a user given by id, oldest first."""
        return self.messages(channel_or_user_id)

    def last_message(self, channel: str | None = None) -> Message | None:
        """The most recent live message (in a channel or DM), or None."""
        found = self.messages(channel)
        return found[-1] if found else None

    def files(self) -> list[StoredFile]:
        """Files reserved or uploaded, in creation order."""
        with self.workspace.lock:
            return list(self.workspace.files.values())

    def file(self, file_id: str) -> StoredFile | None:
        """One file by id."""
        return self.workspace.files.get(file_id)

    def views(self, user_id: str | None = None) -> list[View]:
        """Every view opened or published (closed ones too), optionally for one user."""
        with self.workspace.lock:
            return [v for v in self.workspace.views.values() if user_id in (None, v.user_id)]

    def view(self, view_id: str) -> View | None:
        """One view by id."""
        return self.workspace.views.get(view_id)

    def open_modal(self, user_id: str) -> View | None:
        """The top of the user's open modal stack, or None."""
        with self.workspace.lock:
            stack = self.workspace.modal_stacks.get(user_id) or []
            return self.workspace.views[stack[-1]] if stack else None

    def home_view(self, user_id: str) -> View | None:
        """The user's published Home tab, or None."""
        return self.workspace.views.get(self.workspace.home_views.get(user_id, ""))

    # -- modal lifecycle driven by interaction acks -----------------------------------------

    def close_view(self, view_id: str, *, clear: bool = False) -> None:
        """Close a modal view (and the views above it); `clear` closes its whole stack."""
        ws = self.workspace
        with ws.lock:
            view = ws.views.get(view_id)
            stack = ws.modal_stacks.get(view.user_id, []) if view else []
            if view is None or view_id not in stack:
                return
            keep = 0 if clear else stack.index(view_id)
            for closed in stack[keep:]:
                ws.views[closed].closed = True
            del stack[keep:]
            if not stack:
                ws.modal_stacks.pop(view.user_id, None)

    def settle_view_submission(self, view_id: str, ack: Any) -> list[str]:
        """Apply a view_submission ack (close, errors, update, push, clear); return view errors."""
        action = ack.get("response_action") if isinstance(ack, dict) else None
        ws = self.workspace
        with ws.lock:
            view = ws.views.get(view_id)
            if view is None or action == "errors":
                return []
            if action in (None, "clear"):
                self.close_view(view_id, clear=action == "clear")
                return []
            new_view = ack.get("view")
            errors = check_view(new_view, "modal")
            if errors:
                return errors
            if action == "update":
                view.body, view.hash = dict(new_view), ws.new_view_hash()
                ws.record_view("modal-update", view)
            elif action == "push":
                stack = ws.modal_stacks.setdefault(view.user_id, [])
                if len(stack) >= 3:
                    return ["push_limit_reached"]
                pushed = View(
                    new_id("V"),
                    view.user_id,
                    "modal",
                    dict(new_view),
                    ws.new_view_hash(),
                    view.root_view_id,
                    stack[-1] if stack else None,
                )
                ws.views[pushed.id] = pushed
                stack.append(pushed.id)
                ws.record_view("modal-push", pushed)
            return []
