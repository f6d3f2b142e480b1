"""Stand-in `auth.test`, `users.*` and `conversations.*` methods."""

from __future__ import annotations

import base64
import binascii

from devkit.standin.api import ApiContext, ApiError, Handler, invalid_arguments
from devkit.standin.models import Channel, JsonDict, User, new_id


def auth_test(ctx: ApiContext) -> JsonDict:
    """auth.test: who the bot token belongs to (Bolt calls it when an App is built)."""
    ws = ctx.workspace
    return {
        "ok": True,
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.team_name,
        "user": ws.users[ws.bot_user_id].name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def _user(ctx: ApiContext, name: str = "user") -> User:
    user = ctx.workspace.users.get(ctx.text(name) or "")
    if user is None:
        raise ApiError("user_not_found")
    return user


def users_info(ctx: ApiContext) -> JsonDict:
    """users.info: a user's profile, time zone and flags; `include_locale` adds `locale`."""
    user = _user(ctx)
    payload = user.to_payload(ctx.workspace.team_id, include_locale=ctx.flag("include_locale"))
    return {"ok": True, "user": payload}


USERS_LIST_MAX = 1000  # Slack's largest page (it recommends 200)


def users_list(ctx: ApiContext) -> JsonDict:
    """users.list: the members (deactivated ones included), sorted by id, `limit` a page from
    the opaque `cursor` on (no limit: everyone), as Slack pages them."""
    ws = ctx.workspace
    locale = ctx.flag("include_locale")
    users = sorted(ws.users.values(), key=lambda u: u.id)
    start = _cursor_start(ctx.text("cursor"), [u.id for u in users])
    asked = ctx.text("limit") or "0"
    if not asked.isdigit():
        raise invalid_arguments("limit must be a number")
    limit = min(int(asked) or len(users), USERS_LIST_MAX)
    page = users[start : start + limit]
    more = start + limit < len(users)
    next_cursor = _cursor(users[start + limit].id) if more else ""
    members = [u.to_payload(ws.team_id, include_locale=locale) for u in page]
    return {"ok": True, "members": members, "response_metadata": {"next_cursor": next_cursor}}


def _cursor(user_id: str) -> str:
    return base64.b64encode(f"user:{user_id}".encode()).decode()


def _cursor_start(cursor: str | None, ids: list[str]) -> int:
    """Where a page starts: the cursor's user (Slack's cursors are opaque; ours name a user)."""
    if not cursor:
        return 0
    try:
        return ids.index(base64.b64decode(cursor).decode().removeprefix("user:"))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ApiError("invalid_cursor") from None


def users_lookup_by_email(ctx: ApiContext) -> JsonDict:
    """users.lookupByEmail: find a member by email address."""
    email = (ctx.text("email", required=True) or "").lower()
    ws = ctx.workspace
    user = next((u for u in ws.users.values() if (u.email or "").lower() == email), None)
    if user is None:
        raise ApiError("users_not_found")
    return {"ok": True, "user": user.to_payload(ws.team_id)}


def _visible_channel(ctx: ApiContext) -> Channel:
    """A channel the bot can see: public ones, and private ones it belongs to."""
    ws = ctx.workspace
    channel = ws.find_channel(ctx.text("channel") or "")
    if channel is None or (channel.is_private and ws.bot_user_id not in channel.members):
        raise ApiError("channel_not_found")
    return channel


def conversations_info(ctx: ApiContext) -> JsonDict:
    """conversations.info: one channel or DM."""
    channel = _visible_channel(ctx)
    return {"ok": True, "channel": channel.to_payload(ctx.workspace.bot_user_id)}


def conversations_members(ctx: ApiContext) -> JsonDict:
    """conversations.members: member ids of a channel, in one page."""
    channel = _visible_channel(ctx)
    return {
        "ok": True,
        "members": sorted(channel.members),
        "response_metadata": {"next_cursor": ""},
    }


def _kind(channel: Channel) -> str:
    if channel.is_im:
        return "im"
    if channel.is_mpim:
        return "mpim"
    return "private_channel" if channel.is_private else "public_channel"


def conversations_list(ctx: ApiContext) -> JsonDict:
    """conversations.list: public channels, plus private ones the bot is in."""
    ws = ctx.workspace
    wanted = set((ctx.text("types") or "public_channel").split(","))
    exclude_archived = ctx.flag("exclude_archived")
    channels = []
    for channel in ws.channels.values():
        if _kind(channel) not in wanted or (exclude_archived and channel.is_archived):
            continue
        if channel.is_private and ws.bot_user_id not in channel.members:
            continue
        channels.append(channel.to_payload(ws.bot_user_id))
    return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}


def conversations_open(ctx: ApiContext) -> JsonDict:
    """conversations.open: the bot's DM with one user (or a group DM with several)."""
    ws = ctx.workspace
    if ctx.text("channel"):
        return {"ok": True, "channel": {"id": _visible_channel(ctx).id}}
    ids = [u for u in (ctx.text("users") or "").split(",") if u]
    if not ids:
        raise invalid_arguments("missing required field: users")
    for user_id in ids:
        user = ws.users.get(user_id)
        if user is None:
            raise ApiError("user_not_found")
        if user.deleted:
            raise ApiError("user_disabled")
    if len(ids) == 1:
        channel = ws.channels[ws.dm_channel(ids[0])]
    else:
        members = {*ids, ws.bot_user_id}
        channel = next(
            (c for c in ws.channels.values() if c.is_mpim and c.members == members), None
        ) or Channel(new_id("G"), "mpdm-" + "--".join(ids), True, members, is_mpim=True)
        ws.channels[channel.id] = channel
    if ctx.flag("return_im"):
        return {"ok": True, "channel": channel.to_payload(ws.bot_user_id)}
    return {"ok": True, "channel": {"id": channel.id}}


def conversations_join(ctx: ApiContext) -> JsonDict:
    """conversations.join: the bot joins a public channel (private ones refuse)."""
    ws = ctx.workspace
    channel = ws.find_channel(ctx.text("channel") or "")
    if channel is None:
        raise ApiError("channel_not_found")
    if channel.is_private or channel.is_im:
        raise ApiError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise ApiError("is_archived")
    answer: JsonDict = {"ok": True}
    if ws.bot_user_id in channel.members:
        answer["warning"] = "already_in_channel"
        answer["response_metadata"] = {"warnings": ["already_in_channel"]}
    channel.members.add(ws.bot_user_id)
    answer["channel"] = channel.to_payload(ws.bot_user_id)
    return answer


DIRECTORY_METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "users.lookupByEmail": users_lookup_by_email,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.list": conversations_list,
    "conversations.open": conversations_open,
    "conversations.join": conversations_join,
}
