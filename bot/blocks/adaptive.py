"""Adaptive questioning in Block Kit: the setting's checkbox and a page's note on what it skipped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.blocks.common import Block, answer_label, context, input_block, option
from bot.i18n import N_, _, ngettext
from bot.slack.mrkdwn import clip, esc
from questionnaire.adaptive import skipped_in_item
from questionnaire.domain import Assessment, RequirementState
from questionnaire.framework import Framework, Item
from questionnaire.routing import Routing

ADAPTIVE = "adaptive"  # block id of the setting
ON = "on"
EXPLAINED = N_(
    "Skip the questions above a level that is already blocked in its sub-item (a Not met or "
    "Partially met there) — about 30% fewer questions; levels come out the same."
)
NOTE_MAX = 2900  # a context element holds 3000 characters


def adaptive_input(on: bool) -> Block:
    """The setting as a checkbox, ticked when `on`, with its one-sentence explanation."""
    choice = option(_("Adaptive questioning"), ON)
    element: Block = {"type": "checkboxes", "action_id": "value", "options": [choice]}
    if on:  # Slack refuses an empty initial_options
        element["initial_options"] = [choice]
    return input_block(ADAPTIVE, _("Questions"), element, optional=True, hint=_(EXPLAINED))


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
            parts.append(
                ngettext(
                    "%(num)d question of *%(subitem)s* above Level %(level)d, blocked by "
                    "a %(answer)s at Level %(level)d",
                    "%(num)d questions of *%(subitem)s* above Level %(level)d, blocked by "
                    "a %(answer)s at Level %(level)d",
                    len(mine),
                )
                % {
                    "num": len(mine),
                    "subitem": esc(entry.subitem.name.get(locale)),
                    "level": entry.level,
                    "answer": answer_label(entry.answer),
                }
            )
    if not parts:
        return None
    text = _(":fast_forward: Not asked: %(parts)s (changing those answers brings them back).") % {
        "parts": _("; ").join(parts)
    }
    return context(clip(text, NOTE_MAX))
