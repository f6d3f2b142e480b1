"""What Slack sends for a modal the user submits: each input's current (initial) value."""

from __future__ import annotations

from typing import Any

Values = dict[str, dict[str, Any]]


def _state(element: dict[str, Any]) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("radio_buttons", "static_select"):
        return {"type": kind, "selected_option": element.get("initial_option")}
    if kind == "checkboxes":
        return {"type": kind, "selected_options": list(element.get("initial_options", []))}
    if kind == "timepicker":
        return {"type": kind, "selected_time": element.get("initial_time")}
    return {"type": kind, "value": element.get("initial_value") or None}


def initial_state(blocks: list[dict[str, Any]], **changes: dict[str, Any]) -> Values:
    """`state.values` of an untouched form, with `changes` (block id -> element state) applied."""
    values = {
        block["block_id"]: {block["element"]["action_id"]: _state(block["element"])}
        for block in blocks
        if block["type"] == "input"
    }
    for block_id, state in changes.items():
        action_id = next(iter(values[block_id]))
        values[block_id] = {action_id: state}
    return values
