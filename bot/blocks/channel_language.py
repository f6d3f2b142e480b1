"""The channel language of an assessment in Block Kit: the start modal's select and its parsing.

The kickoff, summaries and digests an assessment posts to its channel are written in it; each
person's DMs follow their own locale."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.blocks.common import Block, input_block, option
from bot.i18n import LANGUAGE_NAMES, SUPPORTED, _, supported

CHANNEL_LANGUAGE = "channel_language"  # block id of the setting


def language_input(initial: str | None) -> Block:
    """A select of the interface languages, `initial` (a locale such as `zh-CN`) chosen."""
    options = [option(LANGUAGE_NAMES[language], language) for language in SUPPORTED]
    chosen = next(o for o in options if o["value"] == supported(initial))
    element: Block = {
        "type": "static_select",
        "action_id": "value",
        "options": options,
        "initial_option": chosen,
    }
    hint = _("The kickoff, summaries and digests in the channel are written in this language.")
    return input_block(CHANNEL_LANGUAGE, _("Channel language"), element, hint=hint)


def parse_language(values: Mapping[str, Any]) -> str | None:
    """The language picked (`en`, `zh`); None when the form lacks the field.

    Raises ValueError for a value the select does not offer (a forged submission)."""
    picked = ((values.get(CHANNEL_LANGUAGE) or {}).get("value") or {}).get("selected_option")
    if not isinstance(picked, dict):
        return None
    value = picked.get("value")
    if value not in SUPPORTED:
        raise ValueError(value)
    return str(value)
