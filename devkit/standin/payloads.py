"""Builders for the payloads Slack sends to a bot: slash commands, interactions, events."""

from __future__ import annotations

import secrets
import time
from typing import Any

from devkit.standin.models import JsonDict

VERIFICATION_TOKEN = "standin-verification-token"


def action_ts() -> str:
    """A Slack-looking `action_ts` / `event_ts` for now."""
    return f"{time.time():.6f}"


def team_object(team_id: str, domain: str) -> JsonDict:
    """The `team` object of interaction payloads."""
    return {"id": team_id, "domain": domain}


def user_object(team_id: str, user_id: str, name: str) -> JsonDict:
    """The `user` object of interaction payloads."""
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def find_element(
    blocks: list[JsonDict], action_id: str, block_id: str | None = None
) -> tuple[str, JsonDict] | None:
    """Find the (block_id, element) with `action_id` among blocks (accessories, inputs too),
    in the block `block_id` when given: several blocks may hold the same action id."""
    for block in blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        candidates = [*block.get("elements", []), block.get("accessory"), block.get("element")]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(block.get("block_id") or ""), element
    return None


def _option(element: JsonDict, value: str) -> JsonDict:
    """The option of a select/overflow/radio element holding `value`, or else labelled so
    (a person picks an overflow option by what it says)."""
    groups = element.get("option_groups", [])
    options = [*element.get("options", []), *(o for g in groups for o in g.get("options", []))]
    for option in options:
        if option.get("value") == value:
            return dict(option)
    for option in options:
        if (option.get("text") or {}).get("text") == value:
            return dict(option)
    raise ValueError(f"no option with value or text {value!r} in {element.get('action_id')!r}")


def build_action(
    action_id: str,
    block_id: str,
    element: JsonDict,
    *,
    value: str | None,
    selected_option: JsonDict | str | None,
    selected_options: list[JsonDict] | None,
    selected_users: list[str] | None,
) -> JsonDict:
    """One `actions[]` entry shaped after the element the user used."""
    kind = element.get("type") or (
        "multi_users_select"
        if selected_users is not None
        else "static_select"
        if selected_option is not None
        else "button"
    )
    action: JsonDict = {
        "action_id": action_id,
        "block_id": block_id,
        "type": kind,
        "action_ts": action_ts(),
    }
    if kind == "button":
        action["text"] = element.get("text") or {"type": "plain_text", "text": action_id}
        action["value"] = value if value is not None else element.get("value")
        if element.get("style"):
            action["style"] = element["style"]
    elif kind in ("static_select", "external_select", "overflow", "radio_buttons"):
        option = selected_option if selected_option is not None else value
        if isinstance(option, str):
            option = _option(element, option)
        action["selected_option"] = option
    elif kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        action["selected_options"] = selected_options or []
    elif kind == "users_select":
        action["selected_user"] = value or next(iter(selected_users or []), None)
    elif kind == "multi_users_select":
        action["selected_users"] = selected_users or []
    elif kind in ("conversations_select", "channels_select"):
        key = "selected_conversation" if kind.startswith("conv") else "selected_channel"
        action[key] = value
    elif kind == "datepicker":
        action["selected_date"] = value
    elif kind == "timepicker":
        action["selected_time"] = value
    else:
        action["value"] = value
    return action


def action_label(action: JsonDict) -> str:
    """How the transcript describes a user's action."""
    if "text" in action:
        return f"clicked [{action['text'].get('text', '')}] ({action['action_id']})"
    option = action.get("selected_option")
    if isinstance(option, dict):
        return f"chose {option.get('text', {}).get('text', option.get('value'))!r} ({action['action_id']})"
    for key in ("selected_users", "selected_options", "selected_user", "selected_date", "value"):
        if key in action:
            return f"set {action['action_id']} to {action[key]!r}"
    return f"used {action['action_id']}"


def plain_text_value(value: str) -> JsonDict:
    """A `state.values` entry for a plain_text_input."""
    return {"type": "plain_text_input", "value": value}


def option_value(value: str, text: str | None = None, kind: str = "static_select") -> JsonDict:
    """A `state.values` entry for a single-choice element (static_select, radio_buttons)."""
    option = {"text": {"type": "plain_text", "text": text or value}, "value": value}
    return {"type": kind, "selected_option": option}


def options_value(values: list[str], kind: str = "checkboxes") -> JsonDict:
    """A `state.values` entry for a multi-choice element (checkboxes, multi_static_select)."""
    options = [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values]
    return {"type": kind, "selected_options": options}


def users_value(user_ids: list[str]) -> JsonDict:
    """A `state.values` entry for a multi_users_select."""
    return {"type": "multi_users_select", "selected_users": list(user_ids)}


def event_envelope(
    event: JsonDict, *, team_id: str, app_id: str, bot_user_id: str, event_id: str | None
) -> JsonDict:
    """The Events API `event_callback` envelope around one event."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": app_id,
        "event": {"event_ts": action_ts(), **event},
        "type": "event_callback",
        "event_id": event_id or "Ev" + secrets.token_hex(5).upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_hex(16),
    }


def synthetic_view(view_id: str, callback_id: str, team_id: str, app_id: str) -> dict[str, Any]:
    """A minimal modal view object for submissions the stand-in did not open."""
    return {
        "id": view_id,
        "team_id": team_id,
        "type": "modal",
        "blocks": [],
        "private_metadata": "",
        "callback_id": callback_id,
        "state": {"values": {}},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "title": {"type": "plain_text", "text": "Modal"},
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": app_id,
        "external_id": "",
        "app_installed_team_id": team_id,
        "bot_id": "B0BOT",
    }


def block_suggestion(
    view: JsonDict, *, action_id: str, block_id: str, value: str, state_values: JsonDict
) -> JsonDict:
    """The fields of a `block_suggestion` (an external_select asking for options) in a modal."""
    return {
        "type": "block_suggestion",
        "container": {"type": "view", "view_id": view["id"]},
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "view": {**view, "state": {"values": state_values}},
    }
