"""The payloads SlackRequests sends have Slack's shapes, as a Bolt app receives them."""

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_sdk import WebClient

from devkit.standin import BoltServer, SlackRequests, SlackStandIn, option_value

SECRET = "shape-secret"


@pytest.fixture
def received(standin: SlackStandIn) -> Iterator[tuple[SlackRequests, list[dict[str, Any]]]]:
    """An app that records every body it gets, and a client to send it requests."""
    bodies: list[dict[str, Any]] = []
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    app = App(signing_secret=SECRET, client=client, process_before_response=True)

    def record(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        bodies.append(body)

    app.command("/maturity")(record)
    app.action("level")(record)
    app.action("go")(record)
    app.view("answer")(record)
    app.shortcut("flag")(record)
    with BoltServer(app) as server:
        yield SlackRequests(server.url, SECRET, standin=standin), bodies


def test_slash_command_fields(received: tuple[SlackRequests, list[dict[str, Any]]]) -> None:
    slack, bodies = received
    slack.slash_command("U0ALICE", "start mlops", channel_id="C0GENERAL")
    [body] = bodies
    assert {
        k: body[k] for k in ("team_id", "channel_id", "channel_name", "user_id", "user_name")
    } == {
        "team_id": "T0STANDIN",
        "channel_id": "C0GENERAL",
        "channel_name": "general",
        "user_id": "U0ALICE",
        "user_name": "alice",
    }
    assert (body["command"], body["text"], body["api_app_id"]) == (
        "/maturity",
        "start mlops",
        "A0STANDIN",
    )
    assert body["trigger_id"] and body["response_url"].startswith("http://127.0.0.1:")


def test_block_actions_on_a_message_select(
    received: tuple[SlackRequests, list[dict[str, Any]]], standin: SlackStandIn, client: WebClient
) -> None:
    slack, bodies = received
    options = [
        {"text": {"type": "plain_text", "text": f"Level {n}"}, "value": str(n)} for n in range(1, 6)
    ]
    select = {"type": "static_select", "action_id": "level", "options": options}
    posted = client.chat_postMessage(
        channel="C0GENERAL",
        text="Pick a level",
        blocks=[{"type": "actions", "block_id": "q1", "elements": [select]}],
    )

    slack.block_action("U0BOB", "level", selected_option="3")

    [body] = bodies
    assert body["type"] == "block_actions"
    assert body["user"] == {"id": "U0BOB", "username": "bob", "name": "bob", "team_id": "T0STANDIN"}
    assert body["team"] == {"id": "T0STANDIN", "domain": "standin"}
    assert body["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": "C0GENERAL",
        "is_ephemeral": False,
    }
    assert body["channel"] == {"id": "C0GENERAL", "name": "general"}
    assert (
        body["message"]["ts"] == posted["ts"] and body["message"]["blocks"][0]["block_id"] == "q1"
    )
    [action] = body["actions"]
    assert (action["action_id"], action["block_id"], action["type"]) == (
        "level",
        "q1",
        "static_select",
    )
    assert action["selected_option"] == options[2]
    assert body["trigger_id"] and body["response_url"] and action["action_ts"]


def test_block_actions_in_a_modal_and_view_submission(
    received: tuple[SlackRequests, list[dict[str, Any]]], standin: SlackStandIn, client: WebClient
) -> None:
    slack, bodies = received
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    view = client.views_open(
        trigger_id=standin.issue_trigger_id("U0ALICE"),
        view={
            "type": "modal",
            "callback_id": "answer",
            "private_metadata": "a=1",
            "title": {"type": "plain_text", "text": "Question"},
            "submit": {"type": "plain_text", "text": "Save"},
            "blocks": [{"type": "actions", "block_id": "b", "elements": [button]}],
        },
    )["view"]

    slack.block_action("U0ALICE", "go")
    slack.view_submission("U0ALICE", "answer", {"lvl": {"level": option_value("2", "Level 2")}})

    clicked, submitted = bodies
    assert clicked["container"] == {"type": "view", "view_id": view["id"]}
    assert clicked["view"]["id"] == view["id"] and "response_url" not in clicked
    assert clicked["actions"][0]["text"]["text"] == "Go"
    assert submitted["type"] == "view_submission"
    sent = submitted["view"]
    assert (sent["id"], sent["callback_id"], sent["private_metadata"]) == (
        view["id"],
        "answer",
        "a=1",
    )
    assert sent["state"]["values"]["lvl"]["level"]["selected_option"]["value"] == "2"
    assert standin.open_modal("U0ALICE") is None


def test_global_shortcut(received: tuple[SlackRequests, list[dict[str, Any]]]) -> None:
    slack, bodies = received
    slack.global_shortcut("U0ALICE", "flag")
    [body] = bodies
    assert (body["type"], body["callback_id"], body["user"]["id"]) == (
        "shortcut",
        "flag",
        "U0ALICE",
    )
