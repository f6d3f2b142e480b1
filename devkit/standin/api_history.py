"""Stand-in `conversations.history` (top-level messages, newest first) and `conversations.replies`
(one thread, oldest first)."""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal, InvalidOperation

from devkit.standin.api import ApiContext, ApiError, Handler, invalid_arguments
from devkit.standin.models import Channel, JsonDict, Message

# The history scope each kind of conversation needs; a bot token needs the one that fits.
HISTORY_SCOPES = {
    "public": "channels:history",
    "private": "groups:history",
    "im": "im:history",
    "mpim": "mpim:history",
}
DEFAULT_LIMIT, MAX_LIMIT = 100, 999
_CURSOR_PREFIX = "next_ts:"


def _missing_scope(ctx: ApiContext, needed: str) -> ApiError:
    return ApiError("missing_scope", needed=needed, provided=",".join(sorted(ctx.options.scopes)))


def _needed_scope(channel: Channel) -> str:
    if channel.is_im:
        return HISTORY_SCOPES["im"]
    if channel.is_mpim:
        return HISTORY_SCOPES["mpim"]
    return HISTORY_SCOPES["private" if channel.is_private else "public"]


def _readable_channel(ctx: ApiContext) -> Channel:
    """The conversation named by id (names and user ids are not accepted, as on Slack)."""
    ws = ctx.workspace
    scopes = ctx.options.scopes
    if not scopes & set(HISTORY_SCOPES.values()):
        raise _missing_scope(ctx, ",".join(HISTORY_SCOPES.values()))
    channel = ws.channels.get(ctx.text("channel") or "")
    is_member = channel is not None and ws.bot_user_id in channel.members
    if channel is None or ((channel.is_private or channel.is_im) and not is_member):
        raise ApiError("channel_not_found")  # private conversations are invisible to non-members
    needed = _needed_scope(channel)
    if needed not in scopes:
        raise _missing_scope(ctx, needed)
    if not is_member:
        raise ApiError("not_in_channel")
    return channel


def _ts(ctx: ApiContext, name: str, error: str) -> Decimal | None:
    value = ctx.text(name)
    if value is None:
        return None
    try:
        parsed = Decimal(value)
    except InvalidOperation as exc:
        raise ApiError(error) from exc
    if not parsed.is_finite() or parsed < 0:
        raise ApiError(error)
    return parsed


def _limit(ctx: ApiContext) -> int:
    value = ctx.params.get("limit")
    if value is None or value == "":
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except (TypeError, ValueError) as exc:
        raise invalid_arguments("limit must be an integer") from exc
    return DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)


def _cursor_ts(ctx: ApiContext) -> Decimal | None:
    cursor = ctx.text("cursor")
    if cursor is None:
        return None
    try:
        decoded = base64.b64decode(cursor, validate=True).decode()
        if not decoded.startswith(_CURSOR_PREFIX):
            raise ValueError(decoded)
        return Decimal(decoded.removeprefix(_CURSOR_PREFIX))
    except (binascii.Error, UnicodeDecodeError, ValueError, InvalidOperation) as exc:
        raise ApiError("invalid_cursor") from exc


def _cursor_for(message: Message) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{message.ts}".encode()).decode()


def _in_range(ts: Decimal, oldest: Decimal | None, latest: Decimal | None, inclusive: bool) -> bool:
    if oldest is not None and (ts < oldest or (ts == oldest and not inclusive)):
        return False
    return latest is None or ts < latest or (ts == latest and inclusive)


def _payload(ctx: ApiContext, message: Message, replies: list[Message]) -> JsonDict:
    ws = ctx.workspace
    payload = message.to_payload(ws.team_id, ws.app_id)
    if not ctx.flag("include_all_metadata"):
        payload.pop("metadata", None)
    if replies:
        users = list(dict.fromkeys(r.user for r in replies))
        payload.update(
            thread_ts=message.ts,
            reply_count=len(replies),
            reply_users_count=len(users),
            latest_reply=replies[-1].ts,
            reply_users=users,
        )
    return payload


def conversations_history(ctx: ApiContext) -> JsonDict:
    """conversations.history: top-level messages between `oldest` and `latest`, newest first."""
    channel = _readable_channel(ctx)
    oldest = _ts(ctx, "oldest", "invalid_ts_oldest")
    latest = _ts(ctx, "latest", "invalid_ts_latest")
    inclusive, limit, before = ctx.flag("inclusive"), _limit(ctx), _cursor_ts(ctx)
    visible = [
        m
        for m in ctx.workspace.messages
        if m.channel == channel.id and not m.deleted and not m.is_ephemeral
    ]
    top_level = sorted(
        (m for m in visible if m.thread_ts in (None, m.ts)), key=lambda m: Decimal(m.ts)
    )
    matching = [
        m
        for m in reversed(top_level)
        if _in_range(Decimal(m.ts), oldest, latest, inclusive)
        and (before is None or Decimal(m.ts) < before)
    ]
    page, has_more = matching[:limit], len(matching) > limit
    messages = [
        _payload(ctx, m, [r for r in visible if r.thread_ts == m.ts and r is not m]) for m in page
    ]
    answer: JsonDict = {"ok": True, "messages": messages, "has_more": has_more, "pin_count": 0}
    answer["response_metadata"] = {"next_cursor": _cursor_for(page[-1]) if has_more else ""}
    return answer


def conversations_replies(ctx: ApiContext) -> JsonDict:
    """conversations.replies: a thread's parent, then its replies oldest first (`oldest`,
    `latest` and `limit` apply; no paging beyond `has_more`)."""
    channel = _readable_channel(ctx)
    thread = ctx.text("ts")
    if not thread:
        raise invalid_arguments("missing required field: ts")
    visible = [
        m
        for m in ctx.workspace.messages
        if m.channel == channel.id and not m.deleted and not m.is_ephemeral
    ]
    parent = next((m for m in visible if m.ts == thread), None)
    if parent is None:
        raise ApiError("thread_not_found")
    root = parent.thread_ts or parent.ts
    oldest = _ts(ctx, "oldest", "invalid_ts_oldest")
    latest = _ts(ctx, "latest", "invalid_ts_latest")
    inclusive, limit = ctx.flag("inclusive"), _limit(ctx)
    in_thread = sorted(
        (m for m in visible if m.ts == root or m.thread_ts == root), key=lambda m: Decimal(m.ts)
    )
    matching = [
        m for m in in_thread if m.ts == root or _in_range(Decimal(m.ts), oldest, latest, inclusive)
    ]
    page = matching[:limit]
    messages = [_payload(ctx, m, []) for m in page]
    return {"ok": True, "messages": messages, "has_more": len(matching) > limit}


HISTORY_METHODS: dict[str, Handler] = {
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
}
