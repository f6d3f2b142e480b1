"""Stand-in file upload (getUploadURLExternal, the upload URL, completeUploadExternal) and files.info."""

from __future__ import annotations

import mimetypes
from email.parser import BytesParser
from email.policy import HTTP

from devkit.standin.api import ApiContext, ApiError, Handler, invalid_arguments
from devkit.standin.api_chat import resolve_target
from devkit.standin.models import JsonDict, Message, Posted, StoredFile, new_id
from devkit.standin.state import Workspace


def file_payload(ws: Workspace, stored: StoredFile) -> JsonDict:
    """Render the file object of files.* answers."""
    mimetype = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    base = f"https://files.slack.com/files-pri/{ws.team_id}-{stored.id}/{stored.name}"
    shares: dict[str, dict[str, list[JsonDict]]] = {"public": {}, "private": {}}
    for channel_id, ts in stored.shares.items():
        channel = ws.channels.get(channel_id)
        scope = "private" if channel is None or channel.is_private else "public"
        shares[scope][channel_id] = [{"ts": ts, "channel_name": channel.name if channel else ""}]
    return {
        "id": stored.id,
        "created": stored.created,
        "timestamp": stored.created,
        "name": stored.name,
        "title": stored.title or stored.name,
        "mimetype": mimetype,
        "filetype": stored.name.rsplit(".", 1)[-1] if "." in stored.name else "binary",
        "user": ws.bot_user_id,
        "size": len(stored.data or b""),
        "alt_txt": stored.alt_txt,
        "url_private": base,
        "url_private_download": base.replace("files-pri", "files-pri/download", 1),
        "permalink": f"https://{ws.domain}.slack.com/files/{ws.bot_user_id}/{stored.id}",
        "channels": [c for c in stored.shares if not c.startswith(("D", "G"))],
        "ims": [c for c in stored.shares if c.startswith("D")],
        "groups": [c for c in stored.shares if c.startswith("G")],
        "shares": shares,
        "initial_comment": stored.initial_comment,
    }


def get_upload_url(ctx: ApiContext) -> JsonDict:
    """files.getUploadURLExternal: reserve a file id and hand out where to POST the bytes."""
    filename = ctx.text("filename", required=True) or ""
    length_text = ctx.text("length", required=True) or ""
    if not length_text.isdigit():
        raise invalid_arguments("must be an integer [json-pointer:/length]")
    stored = StoredFile(new_id("F"), filename, int(length_text))
    stored.alt_txt, stored.snippet_type = ctx.text("alt_txt"), ctx.text("snippet_type")
    ctx.workspace.files[stored.id] = stored
    url = f"{ctx.options.root_url}/upload/{stored.id}"
    return {"ok": True, "upload_url": url, "file_id": stored.id}


def receive_upload(ws: Workspace, file_id: str, body: bytes, content_type: str) -> tuple[int, str]:
    """Store the bytes POSTed to an upload URL (raw or multipart); answer like Slack."""
    stored = ws.files.get(file_id)
    if stored is None or stored.completed:
        return 404, "file_not_found"
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        parts = [p for p in message.iter_parts() if p.get_filename() or p.get_param("name")]
        payload = parts[0].get_payload(decode=True) if parts else b""
        body = payload if isinstance(payload, bytes) else b""
    stored.data = bytes(body)
    return 200, f"OK - {len(body)}"


def complete_upload(ctx: ApiContext) -> JsonDict:
    """files.completeUploadExternal: finish uploads and share them to a channel or DM."""
    ws = ctx.workspace
    entries = ctx.json_value("files")
    if not isinstance(entries, list) or not entries:
        raise invalid_arguments("missing required field: files")
    stored_files: list[StoredFile] = []
    for entry in entries:
        stored = ws.files.get(str(entry.get("id", ""))) if isinstance(entry, dict) else None
        if stored is None or stored.data is None or stored.completed:
            raise ApiError("file_not_found")
        stored.title = str(entry.get("title") or stored.name)
        stored_files.append(stored)
    refs = [r for r in [ctx.text("channel_id"), *(ctx.text("channels") or "").split(",")] if r]
    channels = [resolve_target(ws, ctx.options, ref) for ref in refs]
    comment, thread_ts = ctx.text("initial_comment"), ctx.text("thread_ts")
    for channel in channels:
        ts = ws.next_ts()
        ids = [f.id for f in stored_files]
        message = Message(channel.id, ts, comment or "", [], ws.bot_user_id, ws.bot_id, thread_ts)
        message.files, message.source = ids, "files.completeUploadExternal"
        ws.messages.append(message)
        for stored in stored_files:
            stored.shares[channel.id] = ts
        names = ", ".join(f"{f.title} ({f.name}, {len(f.data or b'')} bytes)" for f in stored_files)
        ws.posted.append(Posted("file", channel.id, ts, comment or "", [], title=names))
    for stored in stored_files:
        stored.completed = True
        stored.channels = [c.id for c in channels]
        stored.initial_comment, stored.thread_ts = comment, thread_ts
    return {"ok": True, "files": [file_payload(ws, f) for f in stored_files]}


def files_info(ctx: ApiContext) -> JsonDict:
    """files.info: one completed file."""
    stored = ctx.workspace.files.get(ctx.text("file") or "")
    if stored is None or not stored.completed:
        raise ApiError("file_not_found")
    return {"ok": True, "file": file_payload(ctx.workspace, stored), "comments": []}


FILE_METHODS: dict[str, Handler] = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
    "files.info": files_info,
}
