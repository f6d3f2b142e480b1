"""Signed-request client: drive a Bolt app over real HTTP the way Slack does."""

from __future__ import annotations

import json
from typing import Unpack
from urllib.parse import urlencode

from devkit.standin import payloads
from devkit.standin.models import JsonDict, Message, View, new_id
from devkit.standin.signing import Response, SendOptions, SignedClient


class SlackRequests(SignedClient):
    """Send correctly signed slash commands, interactions and events to a Bolt endpoint.

    Given `standin`, trigger_ids and response_urls are issued by it (so `views.open` and
    `respond()` work), buttons are found in the messages and views the bot posted, and the
    user's actions are noted in the transcript. Without it, trigger_ids are random (the
    stand-in answers `invalid_trigger_id` unless built with `strict_triggers=False`).
    """

    # -- slash commands and shortcuts -------------------------------------------------------

    def slash_command(
        self,
        user_id: str,
        text: str = "",
        command: str = "/maturity",
        channel_id: str | None = None,
        trigger_id: str | None = None,
        **options: Unpack[SendOptions],
    ) -> Response:
        """Send a slash command (form-encoded); the channel defaults to the user's DM."""
        channel = self._channel(channel_id, user_id)
        fields = {
            "token": payloads.VERIFICATION_TOKEN,
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel["id"],
            "channel_name": channel["name"],
            "user_id": user_id,
            "user_name": self._name(user_id),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self._response_url(channel["id"], user_id),
            "trigger_id": trigger_id or self._trigger(user_id),
        }
        self._note(user_id, f"{command} {text}".strip())
        return self.post(urlencode(fields), "application/x-www-form-urlencoded", **options)

    def message_shortcut(
        self,
        user_id: str,
        callback_id: str,
        message: Message | JsonDict,
        channel_id: str | None = None,
        **options: Unpack[SendOptions],
    ) -> Response:
        """Send a message shortcut (`message_action`) on a message."""
        if isinstance(message, Message):
            channel_id = channel_id or message.channel
            message = message.to_payload(self.team_id, self.api_app_id)
        channel = self._channel(channel_id, user_id)
        payload = {
            "type": "message_action",
            "token": payloads.VERIFICATION_TOKEN,
            "action_ts": payloads.action_ts(),
            "team": self._team(),
            "user": self._user(user_id),
            "channel": channel,
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self._trigger(user_id),
            "response_url": self._response_url(channel["id"], user_id),
            "message_ts": message["ts"],
            "message": message,
        }
        self._note(user_id, f"used message shortcut {callback_id} on message {message['ts']}")
        return self._interaction(payload, **options)

    def global_shortcut(
        self, user_id: str, callback_id: str, **options: Unpack[SendOptions]
    ) -> Response:
        """Send a global shortcut (`shortcut`)."""
        payload = {
            "type": "shortcut",
            "token": payloads.VERIFICATION_TOKEN,
            "action_ts": payloads.action_ts(),
            "team": self._team(),
            "user": self._user(user_id),
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self._trigger(user_id),
        }
        self._note(user_id, f"used shortcut {callback_id}")
        return self._interaction(payload, **options)

    # -- events ----------------------------------------------------------------------------

    def event(
        self,
        event: JsonDict,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        **options: Unpack[SendOptions],
    ) -> Response:
        """Send an Events API `event_callback`; `retry_num` adds Slack's retry headers."""
        envelope = payloads.event_envelope(
            event,
            team_id=self.team_id,
            app_id=self.api_app_id,
            bot_user_id=self.bot_user_id,
            event_id=event_id,
        )
        if event.get("type") == "message" and event.get("user") and retry_num is None:
            where = f" in the thread of {event['thread_ts']}" if event.get("thread_ts") else ""
            files = ", ".join(str(f.get("name", "")) for f in event.get("files") or [])
            said = f"wrote{where}: {event.get('text', '')!r}" + (f" with {files}" if files else "")
            self._note(str(event["user"]), said)
        if retry_num is not None:
            options["headers"] = {
                **options.get("headers", {}),
                "X-Slack-Retry-Num": str(retry_num),
                "X-Slack-Retry-Reason": retry_reason,
            }
        return self.post(json.dumps(envelope), "application/json", **options)

    def app_home_opened(
        self, user_id: str, tab: str = "home", **options: Unpack[SendOptions]
    ) -> Response:
        """Send `app_home_opened` for a user (with their current Home view, if any)."""
        event: JsonDict = {"type": "app_home_opened", "user": user_id, "tab": tab}
        event["channel"] = self.standin.dm_channel(user_id) if self.standin else "D" + user_id[1:]
        home = self.standin.home_view(user_id) if self.standin else None
        if home is not None:
            event["view"] = self._view_payload(home)
        self._note(user_id, f"opened the app's {tab} tab")
        return self.event(event, **options)

    def url_verification(self, challenge: str, **options: Unpack[SendOptions]) -> Response:
        """Send the Events API `url_verification` handshake."""
        body = {"token": payloads.VERIFICATION_TOKEN, "challenge": challenge}
        body["type"] = "url_verification"
        return self.post(json.dumps(body), "application/json", **options)

    # -- block actions and modals -----------------------------------------------------------

    def block_action(
        self,
        user_id: str,
        action_id: str,
        value: str | None = None,
        block_id: str | None = None,
        selected_option: JsonDict | str | None = None,
        selected_users: list[str] | None = None,
        message: Message | JsonDict | None = None,
        container: JsonDict | None = None,
        view: View | JsonDict | str | None = None,
        channel_id: str | None = None,
        *,
        selected_options: list[JsonDict] | None = None,
        state_values: JsonDict | None = None,
        **options: Unpack[SendOptions],
    ) -> Response:
        """Send a `block_actions` interaction, as if the user used element `action_id`.

        With a stand-in and neither `message` nor `view`, the element is looked up in what the
        user sees (open modal, newest messages, Home tab); the action then carries the
        element's type, label and value. A string `selected_option` (or `value`, for a select
        or an overflow menu) names an option by its value or its text; with `block_id`, the
        element is the one in that block (each question has its own overflow menu)."""
        if isinstance(view, str) and self.standin is not None:
            view = self.standin.view(view) or view
        if message is None and view is None and container is None:
            source = self._find_source(user_id, action_id, channel_id, block_id)
            message, view = (source, None) if isinstance(source, Message) else (None, source)
        is_ephemeral = isinstance(message, Message) and message.is_ephemeral
        if isinstance(message, Message):
            channel_id = channel_id or message.channel
            message = message.to_payload(self.team_id, self.api_app_id)
        if isinstance(view, View):
            view = self._view_payload(view)
        elif isinstance(view, str):
            view = payloads.synthetic_view(view, "", self.team_id, self.api_app_id)
        blocks = (view or message or {}).get("blocks", [])
        # The element in the given block first: every question's block has its own `more` menu.
        found = payloads.find_element(blocks, action_id, block_id) or payloads.find_element(
            blocks, action_id
        )
        block_id = block_id or (found[0] if found else "") or new_id("b")
        action = payloads.build_action(
            action_id,
            block_id,
            found[1] if found else {},
            value=value,
            selected_option=selected_option,
            selected_options=selected_options,
            selected_users=selected_users,
        )
        payload: JsonDict = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": payloads.VERIFICATION_TOKEN,
            "trigger_id": self._trigger(user_id),
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
            "actions": [action],
        }
        if view is not None:
            view = {**view, "state": {"values": state_values or {}}}
            payload["container"] = container or {"type": "view", "view_id": view["id"]}
            payload["view"] = view
        else:
            channel = self._channel(channel_id, user_id)
            ts = message["ts"] if message else None
            payload["container"] = container or {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel["id"],
                "is_ephemeral": is_ephemeral,
            }
            payload["channel"] = channel
            if message is not None and not is_ephemeral:
                payload["message"] = message
            payload["state"] = {"values": state_values or {}}
            payload["response_url"] = self._response_url(channel["id"], user_id, ts)
        self._note(user_id, payloads.action_label(action))
        return self._interaction(payload, **options)

    def view_submission(
        self,
        user_id: str,
        callback_id: str,
        state_values: JsonDict,
        private_metadata: str | None = None,
        view_id: str | None = None,
        **options: Unpack[SendOptions],
    ) -> Response:
        """Submit a modal; with a stand-in, the user's open modal is used and the ack applied.

        `private_metadata` defaults to the open view's own. After a 200 the stand-in closes,
        updates or pushes the modal as the ack's `response_action` says.
        """
        self.view_errors = []
        view = self._submitted_view(user_id, callback_id, view_id)
        body = (
            self._view_payload(view)
            if view
            else payloads.synthetic_view(
                view_id or new_id("V"), callback_id, self.team_id, self.api_app_id
            )
        )
        body["callback_id"] = callback_id
        if private_metadata is not None:
            body["private_metadata"] = private_metadata
        body["state"] = {"values": state_values}
        payload = {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": payloads.VERIFICATION_TOKEN,
            "trigger_id": self._trigger(user_id),
            "view": body,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        title = body.get("title", {}).get("text", "") if isinstance(body.get("title"), dict) else ""
        self._note(user_id, f"submitted modal {title!r} ({callback_id})")
        response = self._interaction(payload, **options)
        if self.standin is not None and view is not None and response.status == 200:
            self.view_errors = self.standin.settle_view_submission(view.id, response.body)
        return response

    def block_suggestion(
        self,
        user_id: str,
        block_id: str,
        value: str,
        action_id: str = "value",
        state_values: JsonDict | None = None,
        **options: Unpack[SendOptions],
    ) -> Response:
        """Ask for the options of an external_select in the user's open modal, as typed so far."""
        view = self.standin.open_modal(user_id) if self.standin else None
        body = (
            self._view_payload(view)
            if view
            else payloads.synthetic_view(new_id("V"), "", self.team_id, self.api_app_id)
        )
        fields = payloads.block_suggestion(
            body,
            action_id=action_id,
            block_id=block_id,
            value=value,
            state_values=state_values or {},
        )
        payload = {
            **fields,
            "user": self._user(user_id),
            "team": self._team(),
            "api_app_id": self.api_app_id,
            "token": payloads.VERIFICATION_TOKEN,
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self._note(user_id, f"typed {value!r} into {block_id}")
        return self._interaction(payload, **options)

    def view_closed(
        self, user_id: str, view_id: str | None = None, **options: Unpack[SendOptions]
    ) -> Response:
        """Send `view_closed` (the user dismissed the modal; needs `notify_on_close`)."""
        view = self.standin.view(view_id) if self.standin and view_id else None
        if view is None and self.standin is not None:
            view = self.standin.open_modal(user_id)
        body = (
            self._view_payload(view)
            if view
            else payloads.synthetic_view(view_id or new_id("V"), "", self.team_id, self.api_app_id)
        )
        payload = {
            "type": "view_closed",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": payloads.VERIFICATION_TOKEN,
            "view": body,
            "is_cleared": False,
            "is_enterprise_install": False,
            "enterprise": None,
        }
        self._note(user_id, f"closed modal {body['id']}")
        if self.standin is not None and view is not None:
            self.standin.close_view(view.id, clear=True)
        return self._interaction(payload, **options)
