"""Plain-text rendering of Block Kit blocks and of the stand-in's transcript."""

from __future__ import annotations

from typing import Any

from devkit.standin.models import Posted
from devkit.standin.state import Workspace

_KIND_LABELS = {
    "post": "message",
    "update": "updated message",
    "ephemeral": "ephemeral message",
    "response": "response_url message",
    "delete": "deleted message",
    "file": "file",
    "modal": "modal opened",
    "modal-update": "modal updated",
    "modal-push": "modal pushed",
    "home": "Home tab published",
}

_VIEW_KINDS = ("modal", "modal-update", "modal-push", "home")


def _text(obj: Any) -> str:
    """Text of a text object (or '' if it is not one)."""
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _rich_text(node: Any) -> str:
    """Flatten a rich_text element tree into its visible text."""
    if isinstance(node, list):
        return "".join(_rich_text(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "link":
        return str(node.get("text") or node.get("url", ""))
    if kind == "user":
        return f"<@{node.get('user_id')}>"
    if kind == "channel":
        return f"<#{node.get('channel_id')}>"
    if kind == "emoji":
        return f":{node.get('name')}:"
    text = _rich_text(node.get("elements", []))
    return text + "\n" if kind in ("rich_text_section", "rich_text_preformatted") else text


def render_element(element: Any) -> str:
    """One-line rendering of an interactive element: `[Label]`, `[⋯ A | B]`, `<select ...>`."""
    if not isinstance(element, dict):
        return "?"
    kind = str(element.get("type", "?"))
    action = f" ({element['action_id']})" if element.get("action_id") else ""
    if kind in ("button", "workflow_button"):
        style = f" {element['style']}" if element.get("style") else ""
        return f"[{_text(element.get('text'))}]{style}{action}"
    if kind == "overflow":  # Slack shows a ⋯ button that opens the list
        labels = " | ".join(_text(option.get("text")) for option in element.get("options", []))
        return f"[⋯ {labels}]{action}"
    options = element.get("options") or [
        option for group in element.get("option_groups", []) for option in group.get("options", [])
    ]
    if options:
        labels = ", ".join(_text(option.get("text")) for option in options[:10])
        more = f", +{len(options) - 10} more" if len(options) > 10 else ""
        return f"<{kind}: {labels}{more}>{action}"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    placeholder = _text(element.get("placeholder"))
    return f"<{kind}{': ' + placeholder if placeholder else ''}>{action}"


def render_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    """Render blocks as readable lines: section texts, fields, buttons and select labels."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"== {_text(block.get('text'))} ==")
        elif kind == "section":
            if block.get("text"):
                lines.extend(_text(block["text"]).splitlines() or [""])
            lines.extend(f"  • {_text(field)}" for field in block.get("fields", []))
            if block.get("accessory"):
                lines.append(f"  -> {render_element(block['accessory'])}")
        elif kind == "divider":
            lines.append("----")
        elif kind == "context":
            parts = [
                _text(el) if el.get("type") != "image" else render_element(el)
                for el in block.get("elements", [])
            ]
            lines.append("(" + " | ".join(parts) + ")")
        elif kind == "actions":
            lines.append(" ".join(render_element(el) for el in block.get("elements", [])))
        elif kind == "input":
            label = _text(block.get("label"))
            lines.append(f"{label}: {render_element(block.get('element'))}")
        elif kind == "image":
            lines.append(f"[image: {block.get('alt_text', '')}]")
        elif kind == "rich_text":
            lines.extend(_rich_text(block.get("elements", [])).rstrip("\n").splitlines())
        elif kind == "markdown":
            lines.extend(str(block.get("text", "")).splitlines())
        else:
            lines.append(f"[{kind} block]")
    return lines


def render_posted(workspace: Workspace, item: Posted) -> str:
    """Render one transcript entry: a heading line and the indented content."""
    if item.kind == "user":
        return f">>> {workspace.user_label(item.user or '')}: {item.text}"
    label = _KIND_LABELS.get(item.kind, item.kind)
    if item.kind in _VIEW_KINDS:
        heading = f"--- for {workspace.user_label(item.user or '')} · {label}"
    else:
        heading = f"--- {workspace.channel_label(item.channel)} · {label}"
        if item.thread_ts:
            heading += f" in the thread of {item.thread_ts}"
        if item.user:
            heading += f" (only visible to {workspace.user_label(item.user)})"
    if item.title:
        heading += f" · {item.title!r}"
    heading += f" · view {item.ts}" if item.kind in _VIEW_KINDS else f" · ts {item.ts}"
    body: list[str] = []
    if item.text and item.kind != "delete":
        body.extend(f"text: {line}" for line in item.text.splitlines() or [""])
    body.extend(render_blocks(item.blocks))
    return "\n".join([heading, *(f"    {line}" for line in body)])


def render_transcript(workspace: Workspace) -> str:
    """Render everything the bot showed, in order, as a readable text transcript."""
    with workspace.lock:
        entries = list(workspace.posted)
        header = f"Transcript of {workspace.team_name} ({workspace.team_id})"
        return "\n\n".join([header, *(render_posted(workspace, item) for item in entries)]) + "\n"
