"""Adaptive questioning in Block Kit: the setting's checkbox and a page's note on what it skipped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.blocks.common import Block, context, input_block, option
from bot.slack.mrkdwn import clip, esc, plural
from questionnaire.adaptive import skipped_in_item
from questionnaire.domain import Assessment, RequirementState
from questionnaire.framework import Framework, Item
from questionnaire.routing import Routing

ADAPTIVE = "adaptive"  # block id of the setting
ON = "on"
EXPLAINED = (
    "Skip the questions above a level that is already blocked in its sub-item (a Not met or "
    "Partially met there) — about 30% fewer questions; levels come out the same."
)
NOTE_MAX = 2900  # a context element holds 3000 characters


def adaptive_input(on: bool) -> Block:
    """The setting as a checkbox, ticked when `on`, with its one-sentence explanation."""
    choice = option("Adaptive questioning", ON)
    element: Block = {"type": "checkboxes", "action_id": "value", "options": [choice]}
    if on:  # Slack refuses an empty initial_options
        element["initial_options"] = [choice]
    return input_block(ADAPTIVE, "Questions", element, optional=True, hint=EXPLAINED)


def parse_adaptive(values: Mapping[str, Any], default: bool) -> bool:
    """Whether the submitted form ticks the setting; `default` when the form lacks it."""
    if ADAPTIVE not in values:
        return default
    ticked = (values[ADAPTIVE].get("value") or {}).get("selected_options") or []
    return any(o.get("value") == ON for o in ticked)


def skipped_note(
    framework: Framework,
    assessment: Assessment,
    item: Item,
    states: Mapping[str, RequirementState],
    owner: str | None,
    locale: str = "en",
) -> Block | None:
    """One line on the questions of this item adaptive questioning does not ask of `owner`, and
    what blocks them; None when there are none."""
    if not assessment.adaptive or owner is None:
        return None
    routing = Routing(framework, assessment, states)
    parts = []
    for entry in skipped_in_item(item, states):
        mine = [rid for rid in entry.requirement_ids if routing.owner(rid) == owner]
        if mine:
            level = f"Level {entry.level}"
            parts.append(
                f"{plural(len(mine), 'question')} of *{esc(entry.subitem.name.get(locale))}* "
                f"above {level}, blocked by a {entry.answer.label} at {level}"
            )
    if not parts:
        return None
    text = (
        f":fast_forward: Not asked: {'; '.join(parts)} (changing those answers brings them back)."
    )
    return context(clip(text, NOTE_MAX))
