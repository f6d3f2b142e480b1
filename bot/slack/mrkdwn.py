"""Slack text: mrkdwn escaping, mentions and links, safe truncation, plain-text fallbacks."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.i18n import _, said


def esc(value: object) -> str:
    """Escape user- or database-supplied text for mrkdwn: only &, < and > are special."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_OWN_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]{2,})&gt;")


def esc_message(text: object) -> str:
    """A use-case message in the reader's language (`said`), escaped but for the `<@U…>`
    mentions it builds itself."""
    return _OWN_MENTION.sub(r"<@\1>", esc(said(text)))


_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|([^>]*))?>")


def plain_mentions(text: object, name_of: Callable[[str], str | None]) -> str:
    """A use-case message for a plain_text surface (modal errors): `<@U…>` becomes `@name`.

    plain_text is shown as typed, so nothing is escaped; an unknown user reads "a teammate"."""

    def named(match: re.Match[str]) -> str:
        name = name_of(match.group(1)) or match.group(2)
        return f"@{name}" if name else _("a teammate")

    return _MENTION.sub(named, said(text))


def mentioned_users(text: str) -> list[str]:
    """The user ids of the `<@U…>` / `<@U…|name>` mentions in Slack's raw text, each once, in
    order."""
    return list(dict.fromkeys(match.group(1) for match in _MENTION.finditer(text)))


_MARKUP = re.compile(r"<([^<>]*)>")


def mrkdwn_to_plain(text: str, name_of: Callable[[str], str | None] | None = None) -> str:
    """A Slack message's raw text as a person reads it: `<url|label>` → label, `<url>` → url,
    `<@U…>` → @name (or @U… without `name_of`), `<#C…|name>` → #name, entities unescaped.

    The result is plain: escape it again (`esc`) before putting it into mrkdwn."""

    def shown(match: re.Match[str]) -> str:
        target, _bar, label = match.group(1).partition("|")
        if target.startswith("@"):
            name = (name_of(target[1:]) if name_of else None) or label or target[1:]
            return f"@{name}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):  # <!here>, <!channel>, <!date^…|fallback>
            return label or f"@{target[1:].split('^')[0]}"
        return label or target

    return unescape(_MARKUP.sub(shown, text))


def unescape(text: str) -> str:
    """Slack's three entities back to the characters typed (`&amp;` last, so `&amp;lt;` reads
    `&lt;` as typed)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters with an ellipsis (for labels, never for content)."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>"


def link(url: str, label: str) -> str:
    """A mrkdwn link whose label is escaped; `|` in labels would end the URL part."""
    safe_url = url.replace(">", "%3E").replace("<", "%3C").replace("|", "%7C").replace(" ", "%20")
    return f"<{safe_url}|{esc(label).replace('|', '¦')}>"
