"""Stand-in `views.*` methods: modals (open, push, update) and the Home tab (publish)."""

from __future__ import annotations

import time
from typing import Any

from devkit.standin.api import ApiContext, ApiError, Handler, invalid_arguments
from devkit.standin.blockkit import check_view
from devkit.standin.models import JsonDict, Trigger, View, new_id
from devkit.standin.state import Workspace

MAX_MODAL_STACK = 3


def _consume_trigger(ctx: ApiContext) -> Trigger:
    """Exchange a trigger_id: unknown, reused and expired ones fail as Slack's do."""
    ws = ctx.workspace
    trigger_id = ctx.text("trigger_id", required=True) or ""
    trigger = ws.triggers.get(trigger_id)
    if trigger is None:
        if ctx.options.strict_triggers:
            raise ApiError("invalid_trigger_id")
        trigger = Trigger(trigger_id, "", time.monotonic())
        ws.triggers[trigger_id] = trigger
    if trigger.used:
        raise ApiError("exchanged_trigger_id")
    if time.monotonic() - trigger.issued > ctx.options.trigger_ttl:
        raise ApiError("expired_trigger_id")
    trigger.used = True
    return trigger


def _valid_view(ctx: ApiContext, expected_type: str, replacing: View | None = None) -> JsonDict:
    view: Any = ctx.json_value("view")
    if view is None:
        raise invalid_arguments("missing required field: view")
    errors = check_view(view, expected_type)
    if errors:
        raise ApiError("invalid_arguments", response_metadata={"messages": errors})
    external_id = view.get("external_id")
    if external_id and any(
        v.body.get("external_id") == external_id and not v.closed and v is not replacing
        for v in ctx.workspace.views.values()
    ):
        raise ApiError("duplicate_external_id")
    return dict(view)


def _answer(ws: Workspace, view: View) -> JsonDict:
    return {"ok": True, "view": view.to_payload(ws.team_id, ws.app_id, ws.bot_id)}


def views_open(ctx: ApiContext) -> JsonDict:
    """views.open: open a modal for the user the trigger belongs to."""
    ws = ctx.workspace
    trigger = _consume_trigger(ctx)
    body = _valid_view(ctx, "modal")
    for old in ws.modal_stacks.pop(trigger.user_id, []):
        ws.views[old].closed = True
    view_id = new_id("V")
    view = View(view_id, trigger.user_id, "modal", body, ws.new_view_hash(), view_id)
    ws.views[view_id] = view
    ws.modal_stacks[trigger.user_id] = [view_id]
    ws.record_view("modal", view)
    return _answer(ws, view)


def views_push(ctx: ApiContext) -> JsonDict:
    """views.push: push a modal on the user's stack (three views at most)."""
    ws = ctx.workspace
    trigger = _consume_trigger(ctx)
    body = _valid_view(ctx, "modal")
    stack = ws.modal_stacks.setdefault(trigger.user_id, [])
    if len(stack) >= MAX_MODAL_STACK:
        raise ApiError("push_limit_reached")
    view_id = new_id("V")
    root = stack[0] if stack else view_id
    previous = stack[-1] if stack else None
    view = View(view_id, trigger.user_id, "modal", body, ws.new_view_hash(), root, previous)
    ws.views[view_id] = view
    stack.append(view_id)
    ws.record_view("modal-push", view)
    return _answer(ws, view)


def views_update(ctx: ApiContext) -> JsonDict:
    """views.update: replace an open view by view_id or external_id; a stale hash conflicts."""
    ws = ctx.workspace
    view_id, external_id = ctx.text("view_id"), ctx.text("external_id")
    if not view_id and not external_id:
        raise invalid_arguments("must provide view_id or external_id")
    view = ws.views.get(view_id or "") or next(
        (v for v in ws.views.values() if external_id and v.body.get("external_id") == external_id),
        None,
    )
    if view is None or view.closed:
        raise ApiError("not_found")
    view_hash = ctx.text("hash")
    if view_hash and view_hash != view.hash:
        raise ApiError("hash_conflict")
    view.body = _valid_view(ctx, view.type, replacing=view)
    view.hash = ws.new_view_hash()
    ws.record_view("home" if view.type == "home" else "modal-update", view)
    return _answer(ws, view)


def views_publish(ctx: ApiContext) -> JsonDict:
    """views.publish: publish (or replace) a user's Home tab."""
    ws = ctx.workspace
    user_id = ctx.text("user_id", required=True) or ""
    if user_id not in ws.users:
        raise ApiError("user_not_found")
    existing = ws.views.get(ws.home_views.get(user_id, ""))
    body = _valid_view(ctx, "home", replacing=existing)
    view_hash = ctx.text("hash")
    if existing is not None and view_hash and view_hash != existing.hash:
        raise ApiError("hash_conflict")
    if existing is None:
        view_id = new_id("V")
        existing = View(view_id, user_id, "home", body, ws.new_view_hash(), view_id)
        ws.views[view_id] = existing
        ws.home_views[user_id] = view_id
    else:
        existing.body, existing.hash = body, ws.new_view_hash()
    ws.record_view("home", existing)
    return _answer(ws, existing)


VIEW_METHODS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
