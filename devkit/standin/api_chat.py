"""Stand-in `chat.*` and `reactions.add` methods, and the response_url endpoint."""

from __future__ import annotations

from typing import Any

from devkit.standin.api import ApiContext, ApiError, Handler, StandInOptions
from devkit.standin.blockkit import MESSAGE_MAX_TEXT, check_message_blocks
from devkit.standin.models import Channel, JsonDict, Message, Posted
from devkit.standin.state import Workspace


def resolve_target(ws: Workspace, options: StandInOptions, ref: str | None) -> Channel:
    """Resolve where the bot posts: a channel id or name, or a user id (their DM)."""
    if not ref:
        raise ApiError("channel_not_found")
    user = ws.users.get(ref)
    if user is not None and ref != ws.bot_user_id:
        if user.deleted and options.deleted_user_dm_error:
            raise ApiError(options.deleted_user_dm_error)
        return ws.channels[ws.dm_channel(ref)]
    channel = ws.find_channel(ref)
    if channel is None:
        raise ApiError("channel_not_found")
    is_member = ws.bot_user_id in channel.members
    if channel.is_private and not is_member:
        raise ApiError("channel_not_found")  # private channels are invisible to non-members
    if channel.is_archived:
        raise ApiError("is_archived")
    if not is_member and "chat:write.public" not in options.scopes:
        raise ApiError("not_in_channel")
    return channel


def existing_channel(ws: Workspace, ref: str | None) -> Channel:
    """Resolve a channel id (user ids are not accepted, as in chat.update)."""
    channel = ws.find_channel(ref) if ref else None
    if channel is None:
        raise ApiError("channel_not_found")
    return channel


def content(params: JsonDict, ctx: ApiContext, *, required: bool = True) -> tuple[str | None, Any]:
    """Validate a message's `text` and `blocks`; return them (None when absent)."""
    text = ctx.text("text")
    blocks = ctx.json_value("blocks", error="invalid_blocks_format")
    if blocks is not None and not isinstance(blocks, list):
        raise ApiError("invalid_blocks_format")
    if required and not text and not blocks and not params.get("attachments"):
        raise ApiError("no_text")
    if text is not None and len(text) > MESSAGE_MAX_TEXT:
        raise ApiError("msg_too_long")
    if blocks is not None:
        errors = check_message_blocks(blocks)
        if errors:
            raise ApiError("invalid_blocks", response_metadata={"messages": errors})
    return text, blocks


def message_metadata(ctx: ApiContext) -> JsonDict | None:
    """The `metadata` param (`event_type` and `event_payload`), or None when absent."""
    metadata = ctx.json_value("metadata", error="invalid_metadata_format")
    if metadata is None:
        return None
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not isinstance(metadata.get("event_payload"), dict)
    ):
        raise ApiError("invalid_metadata_format")
    return metadata


def _record(ws: Workspace, kind: str, message: Message) -> None:
    ws.posted.append(
        Posted(
            kind,
            message.channel,
            message.ts,
            message.text,
            message.blocks,
            message.ephemeral_to,
            thread_ts=message.thread_ts,
        )
    )


def post_message(ctx: ApiContext) -> JsonDict:
    """chat.postMessage: post to a channel or a user's DM."""
    ws = ctx.workspace
    channel = resolve_target(ws, ctx.options, ctx.text("channel"))
    text, blocks = content(ctx.params, ctx)
    message = Message(
        channel.id,
        ws.next_ts(),
        text or "",
        blocks or [],
        ws.bot_user_id,
        ws.bot_id,
        thread_ts=ctx.text("thread_ts"),
        metadata=message_metadata(ctx),
    )
    ws.messages.append(message)
    _record(ws, "post", message)
    payload = message.to_payload(ws.team_id, ws.app_id)
    return {"ok": True, "channel": channel.id, "ts": message.ts, "message": payload}


def post_ephemeral(ctx: ApiContext) -> JsonDict:
    """chat.postEphemeral: a message only `user` sees; the user must be in the channel."""
    ws = ctx.workspace
    channel = resolve_target(ws, ctx.options, ctx.text("channel"))
    user_id = ctx.text("user")
    if not user_id or user_id not in ws.users:
        raise ApiError("user_not_found")
    if user_id not in channel.members:
        raise ApiError("user_not_in_channel")
    text, blocks = content(ctx.params, ctx)
    message = Message(
        channel.id,
        ws.next_ts(),
        text or "",
        blocks or [],
        ws.bot_user_id,
        ws.bot_id,
        thread_ts=ctx.text("thread_ts"),
        ephemeral_to=user_id,
        source="chat.postEphemeral",
    )
    ws.messages.append(message)
    _record(ws, "ephemeral", message)
    return {"ok": True, "message_ts": message.ts}


def _own_message(ctx: ApiContext, ts_field: str, not_mine: str) -> Message:
    ws = ctx.workspace
    channel = existing_channel(ws, ctx.text("channel"))
    message = ws.find_message(channel.id, ctx.text(ts_field) or "")
    if message is None or message.is_ephemeral:
        raise ApiError("message_not_found")
    if message.user != ws.bot_user_id:
        raise ApiError(not_mine)
    if channel.is_archived:
        raise ApiError("is_archived")
    return message


def update(ctx: ApiContext) -> JsonDict:
    """chat.update: replace the text and/or blocks of one of the bot's messages."""
    ws = ctx.workspace
    message = _own_message(ctx, "ts", "cant_update_message")
    text, blocks = content(ctx.params, ctx)
    if text is not None:
        message.text = text
    if blocks is not None:
        message.blocks = blocks  # omitted blocks are kept, as Slack does
    message.edits += 1
    message.source = "chat.update"
    _record(ws, "update", message)
    payload = message.to_payload(ws.team_id, ws.app_id)
    return {
        "ok": True,
        "channel": message.channel,
        "ts": message.ts,
        "text": message.text,
        "message": payload,
    }


def delete(ctx: ApiContext) -> JsonDict:
    """chat.delete: delete one of the bot's messages."""
    message = _own_message(ctx, "ts", "cant_delete_message")
    message.deleted = True
    ctx.workspace.posted.append(Posted("delete", message.channel, message.ts, "", []))
    return {"ok": True, "channel": message.channel, "ts": message.ts}


def get_permalink(ctx: ApiContext) -> JsonDict:
    """chat.getPermalink: a permalink to an existing message."""
    ws = ctx.workspace
    channel = existing_channel(ws, ctx.text("channel"))
    ts = ctx.text("message_ts") or ""
    if ws.find_message(channel.id, ts) is None:
        raise ApiError("message_not_found")
    link = f"https://{ws.domain}.slack.com/archives/{channel.id}/p{ts.replace('.', '')}"
    return {"ok": True, "channel": channel.id, "permalink": link}


def add_reaction(ctx: ApiContext) -> JsonDict:
    """reactions.add: the bot reacts to a message with an emoji name."""
    ws = ctx.workspace
    channel = existing_channel(ws, ctx.text("channel"))
    name = (ctx.text("name") or "").strip(":")
    if not name:
        raise ApiError("invalid_name")
    message = ws.find_message(channel.id, ctx.text("timestamp") or "")
    if message is None or message.is_ephemeral:
        raise ApiError("message_not_found")
    users = message.reactions.setdefault(name, [])
    if ws.bot_user_id in users:
        raise ApiError("already_reacted")
    users.append(ws.bot_user_id)
    return {"ok": True}


CHAT_METHODS: dict[str, Handler] = {
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update,
    "chat.delete": delete,
    "chat.getPermalink": get_permalink,
    "reactions.add": add_reaction,
}


def respond(ws: Workspace, target_id: str, body: JsonDict) -> tuple[int, str]:
    """Handle a POST to a response_url; return (HTTP status, text body) like Slack."""
    target = ws.responses.get(target_id)
    if target is None:
        return 404, "no_service"
    if target.uses >= 5:
        return 404, "used_url"
    text = body.get("text")
    blocks = body.get("blocks")
    if blocks is not None and (not isinstance(blocks, list) or check_message_blocks(blocks)):
        return 400, "invalid_blocks"
    if not body.get("delete_original") and not text and not blocks:
        return 400, "no_text"
    target.uses += 1
    original = ws.find_message(target.channel, target.message_ts) if target.message_ts else None
    if body.get("delete_original"):
        if original is not None:
            original.deleted = True
            ws.posted.append(Posted("delete", original.channel, original.ts, "", []))
        return 200, "ok"
    if body.get("replace_original") and original is not None:
        original.text = str(text or "")
        original.blocks = list(blocks or [])
        original.edits += 1
        _record(ws, "update", original)
        return 200, "ok"
    ephemeral = body.get("response_type", "ephemeral") != "in_channel"
    message = Message(
        target.channel,
        ws.next_ts(),
        str(text or ""),
        list(blocks or []),
        ws.bot_user_id,
        ws.bot_id,
        thread_ts=body.get("thread_ts"),
        ephemeral_to=target.user_id if ephemeral else None,
        source="response_url",
    )
    ws.messages.append(message)
    _record(ws, "response", message)
    return 200, "ok"
