"""Slack messages as a person reads them: mrkdwn rendered to plain text for the demo's printout.

Mentions become @names, channel links #names, links their label, emphasis marks go, entities are
decoded and the few emoji the bot uses are drawn."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

EMOJI = {
    ":zap:": "⚡",
    ":memo:": "📝",
    ":paperclip:": "📎",
    ":fast_forward:": "⏩",
    ":tada:": "🎉",
    ":white_check_mark:": "✅",
    ":lock:": "🔒",
    ":speech_balloon:": "💬",
    ":warning:": "⚠️",
}
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~])(?=\S)(.+?)(?<=\S)\1(?![\w*_~])")
_QUOTE = re.compile(r"^> ?", re.MULTILINE)


def plain(text: str, names: Mapping[str, str]) -> str:
    """One mrkdwn text as it reads on screen."""
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or names.get(m.group(1), m.group(1))), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _QUOTE.sub("│ ", text)
    for _ in range(2):  # nested emphasis: *bold with _italics_ inside*
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("`", "")
    for code, emoji in EMOJI.items():
        text = text.replace(code, emoji)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def as_read(blocks: list[dict[str, Any]], names: Mapping[str, str]) -> str:
    """A message's blocks as a reader sees them: headers stand out, fields in turn, context
    lines small (here: indented)."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = block["text"]["text"]
            lines += ["", title, "═" * min(len(title), 78)]
        elif kind == "section":
            texts = [block["text"]] if "text" in block else []
            for text in texts + block.get("fields", []):
                lines.append(plain(text["text"], names))
        elif kind == "context":
            parts = [plain(e.get("text", ""), names) for e in block.get("elements", [])]
            lines.append("   " + " · ".join(p for p in parts if p).replace("\n", "\n   "))
        elif kind == "divider":
            lines.append("─" * 40)
    return "\n".join(lines).strip("\n")
