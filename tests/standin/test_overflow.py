"""Overflow (⋯) menus in the stand-in: Slack's limits, clicking an option, the transcript line."""

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.standin import BoltServer, SlackRequests, SlackStandIn, check_message_blocks

SECRET = "overflow-secret"


def menu(*labels: str, value_size: int = 0, action_id: str = "more") -> dict[str, Any]:
    """An overflow with these option labels; the first option's value is padded by value_size."""
    options: list[dict[str, Any]] = [
        {"text": {"type": "plain_text", "text": label}, "value": label[:3]} for label in labels
    ]
    options[0]["value"] += "v" * value_size
    return {"type": "overflow", "action_id": action_id, "options": options}


def row(block_id: str, *elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


INVALID = {
    "one option": (menu("Guidance"), "must provide at least 2 items", "/options"),
    "six options": (menu(*"abcdef"), "no more than 5 items allowed", "/options"),
    "value of 151": (menu("Guidance", "Hand on", value_size=148), "151", "/options/0/value"),
    "text of 76": (menu("G" * 76, "Hand on"), "76", "/options/0/text/text"),
}


@pytest.mark.parametrize(("element", "error", "where"), INVALID.values(), ids=INVALID.keys())
def test_slack_limits_of_an_overflow_are_checked(
    element: dict[str, Any], error: str, where: str
) -> None:
    [message] = check_message_blocks([row("a:1", element)])
    assert error in message and f"[json-pointer:/blocks/0/elements/0{where}]" in message


def test_an_overflow_at_the_limits_is_accepted(client: WebClient) -> None:
    at_limits = menu("G" * 75, "b", "c", "d", "e", value_size=147)
    assert len(at_limits["options"][0]["value"]) == 150
    assert check_message_blocks([row("a:1", at_limits)]) == []
    assert client.chat_postMessage(channel="C0GENERAL", text="ok", blocks=[row("a:1", at_limits)])[
        "ok"
    ]
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(
            channel="C0GENERAL", text="no", blocks=[row("a:1", menu("only one"))]
        )
    assert refused.value.response["error"] == "invalid_blocks"


@pytest.fixture
def chosen(standin: SlackStandIn) -> Iterator[tuple[SlackRequests, list[dict[str, Any]]]]:
    """An app recording every `more` action it gets, and a client to send it requests."""
    actions: list[dict[str, Any]] = []
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    app = App(signing_secret=SECRET, client=client, process_before_response=True)

    @app.action("more")
    def record(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        actions.extend(body["actions"])

    with BoltServer(app) as server:
        yield SlackRequests(server.url, SECRET, standin=standin), actions


def test_choosing_an_option_in_the_menu_of_a_given_block(
    chosen: tuple[SlackRequests, list[dict[str, Any]]], client: WebClient
) -> None:
    """Every question has its own `more` menu: the block id says whose option is chosen."""
    slack, actions = chosen
    blocks = [row("a:1", menu("Guidance", "Not me")), row("a:2", menu("Guidance", "Not me"))]
    blocks[1]["elements"][0]["options"][0]["value"] = "guidance-of-2"
    client.chat_postMessage(channel="C0GENERAL", text="page", blocks=blocks)

    slack.block_action("U0BOB", "more", selected_option="Guidance", block_id="a:2")
    slack.block_action("U0BOB", "more", value="Not", block_id="a:1")  # by value

    assert [(a["type"], a["block_id"], a["selected_option"]["value"]) for a in actions] == [
        ("overflow", "a:2", "guidance-of-2"),
        ("overflow", "a:1", "Not"),
    ]
    assert actions[0]["selected_option"]["text"]["text"] == "Guidance"
    with pytest.raises(ValueError, match="no option"):
        slack.block_action("U0BOB", "more", selected_option="Delete everything", block_id="a:1")


def test_the_transcript_shows_the_menu_and_the_choice(
    chosen: tuple[SlackRequests, list[dict[str, Any]]], client: WebClient, standin: SlackStandIn
) -> None:
    slack, _ = chosen
    answer = {"type": "button", "text": {"type": "plain_text", "text": "Met"}, "action_id": "met"}
    blocks = [row("a:1", answer, menu("Guidance", "Add evidence", "Not me"))]
    client.chat_postMessage(channel="C0GENERAL", text="page", blocks=blocks)
    slack.block_action("U0BOB", "more", selected_option="Add evidence", block_id="a:1")

    transcript = standin.transcript()
    assert "[Met] (met) [⋯ Guidance | Add evidence | Not me] (more)" in transcript
    assert ">>> @bob: chose 'Add evidence' (more)" in transcript
