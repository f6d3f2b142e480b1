"""Workspace model of the Slack stand-in: who and what exists, and everything the bot posted."""

from __future__ import annotations

import secrets
import threading
import time

from devkit.standin.models import (
    Channel,
    Message,
    Posted,
    ResponseTarget,
    StoredFile,
    Trigger,
    User,
    View,
)


class Workspace:
    """All state of one stand-in workspace; guard mutations with `lock`."""

    def __init__(
        self, team_id: str, team_name: str, domain: str, bot_user_id: str, bot_id: str, app_id: str
    ) -> None:
        self.team_id, self.team_name, self.domain = team_id, team_name, domain
        self.bot_user_id, self.bot_id, self.app_id = bot_user_id, bot_id, app_id
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.dms: dict[str, str] = {}  # user id -> DM channel id
        self.messages: list[Message] = []
        self.files: dict[str, StoredFile] = {}
        self.views: dict[str, View] = {}
        self.modal_stacks: dict[str, list[str]] = {}  # user id -> open modal view ids
        self.home_views: dict[str, str] = {}  # user id -> published Home view id
        self.triggers: dict[str, Trigger] = {}
        self.responses: dict[str, ResponseTarget] = {}
        self.posted: list[Posted] = []
        self._last_ts = 0.0
        self.users[bot_user_id] = User(bot_user_id, "maturity-bot", "Maturity Bot", is_bot=True)

    def next_ts(self) -> str:
        """Return a message ts that is unique and increasing, like Slack's."""
        with self.lock:
            now = max(time.time(), self._last_ts + 0.000001)
            self._last_ts = now
            return f"{now:.6f}"

    def dm_channel(self, user_id: str) -> str:
        """Return (creating it if needed) the bot's DM channel id with a user."""
        with self.lock:
            if user_id not in self.dms:
                dm_id = "D" + user_id[1:]
                members = {user_id, self.bot_user_id}
                self.channels[dm_id] = Channel(
                    dm_id, user_id, is_private=True, is_im=True, dm_user=user_id, members=members
                )
                self.dms[user_id] = dm_id
            return self.dms[user_id]

    def find_channel(self, ref: str) -> Channel | None:
        """Find a channel by id, `#name` or name (DMs by id only)."""
        if ref in self.channels:
            return self.channels[ref]
        name = ref.removeprefix("#")
        return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def find_message(self, channel: str, ts: str) -> Message | None:
        """Find a live (not deleted) message by channel id and ts."""
        return next(
            (m for m in self.messages if m.channel == channel and m.ts == ts and not m.deleted),
            None,
        )

    def channel_label(self, channel_id: str) -> str:
        """Human label for a channel: `#name` or `DM @user`."""
        channel = self.channels.get(channel_id)
        if channel is None:
            return channel_id
        if channel.is_im:
            user = self.users.get(channel.dm_user or "")
            return f"DM @{user.name if user else channel.dm_user}"
        return f"#{channel.name}"

    def user_label(self, user_id: str) -> str:
        """Human label for a user: `@name` (or the id if unknown)."""
        user = self.users.get(user_id)
        return f"@{user.name}" if user else user_id

    def issue_trigger(self, user_id: str) -> str:
        """Register and return a fresh trigger_id for a user."""
        trigger_id = f"{int(time.time())}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        with self.lock:
            self.triggers[trigger_id] = Trigger(trigger_id, user_id, time.monotonic())
        return trigger_id

    def record_view(self, kind: str, view: View) -> None:
        """Add a view event (modal, modal-update, modal-push, home) to the transcript."""
        blocks = view.body.get("blocks", [])
        self.posted.append(Posted(kind, "", view.id, "", blocks, view.user_id, view.title))

    def new_view_hash(self) -> str:
        """Return a fresh view hash like Slack's `1569362015.55b5e41b`."""
        return f"{int(time.time())}.{secrets.token_hex(4)}"

    def clear_content(self) -> None:
        """Forget everything posted (messages, files, views, triggers); keep users and channels."""
        with self.lock:
            self.messages.clear()
            self.files.clear()
            self.views.clear()
            self.modal_stacks.clear()
            self.home_views.clear()
            self.triggers.clear()
            self.responses.clear()
            self.posted.clear()
