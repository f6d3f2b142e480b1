"""Block Kit limits: the stand-in refuses what Slack refuses, with Slack's error shapes."""

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.standin import SlackStandIn, check_message_blocks, check_view


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(label: str, action_id: str = "go", value: str = "v") -> dict[str, Any]:
    text = {"type": "plain_text", "text": label}
    return {"type": "button", "text": text, "action_id": action_id, "value": value}


def select(count: int, label: str = "option", value: str = "v") -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": label}, "value": f"{value}{i}"}
        for i in range(count)
    ]
    placeholder = {"type": "plain_text", "text": "Pick"}
    return {
        "type": "static_select",
        "action_id": "pick",
        "placeholder": placeholder,
        "options": options,
    }


def modal(
    title: str = "Assessment", blocks: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": "answer",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks if blocks is not None else [section("Question")],
    }
    return {**view, **extra}


ACTIONS = {"type": "actions", "elements": [button("Go")]}

INVALID_MESSAGES = {
    "51 blocks": [section(f"s{i}") for i in range(51)],
    "section text of 3001": [section("x" * 3001)],
    "11 fields": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
    "field of 2001": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
    "header of 151": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
    "button label of 76": [{"type": "actions", "elements": [button("b" * 76)]}],
    "button value of 2001": [{"type": "actions", "elements": [button("b", value="v" * 2001)]}],
    "action_id of 256": [{"type": "actions", "elements": [button("b", action_id="a" * 256)]}],
    "block_id of 256": [section("s", block_id="b" * 256)],
    "26 actions": [
        {"type": "actions", "elements": [button("b", action_id=f"a{i}") for i in range(26)]}
    ],
    "11 context elements": [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}
    ],
    "101 options": [{"type": "actions", "elements": [select(101)]}],
    "option text of 76": [{"type": "actions", "elements": [select(2, label="o" * 76)]}],
    "option value of 151": [{"type": "actions", "elements": [select(1, value="v" * 151)]}],
    "duplicate block_ids": [section("a", block_id="same"), section("b", block_id="same")],
    "duplicate action_ids": [
        {"type": "actions", "elements": [button("a", action_id="x"), button("b", action_id="x")]}
    ],
    "unknown block type": [{"type": "sectoin", "text": {"type": "mrkdwn", "text": "typo"}}],
    "empty section text": [section("")],
}


@pytest.mark.parametrize("blocks", INVALID_MESSAGES.values(), ids=INVALID_MESSAGES.keys())
def test_invalid_message_blocks_are_refused(
    client: WebClient, standin: SlackStandIn, blocks: list[dict[str, Any]]
) -> None:
    with pytest.raises(SlackApiError) as failure:
        client.chat_postMessage(channel="C0GENERAL", text="fallback", blocks=blocks)
    answer = failure.value.response
    assert answer["error"] == "invalid_blocks"
    messages = answer["response_metadata"]["messages"]
    assert messages and all(
        m.startswith("[ERROR] ") and "[json-pointer:/blocks" in m for m in messages
    )
    assert standin.messages() == []


def test_the_limits_themselves_are_accepted(client: WebClient) -> None:
    at_limits = [
        section("x" * 3000, block_id="b" * 255),
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        {"type": "actions", "elements": [button("b" * 75, action_id="a" * 255, value="v" * 2000)]},
        {"type": "actions", "elements": [select(100, label="o" * 75, value="v" * 140)]},
        *[section(f"s{i}") for i in range(46)],
    ]
    assert len(at_limits) == 50
    assert client.chat_postMessage(channel="C0GENERAL", text="ok", blocks=at_limits)["ok"]


def test_the_error_message_points_at_the_offending_field() -> None:
    assert check_message_blocks([section("ok"), section("x" * 3001)]) == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]"
    ]
    assert check_message_blocks([section(f"s{i}") for i in range(51)]) == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]


def test_update_and_ephemeral_check_blocks_too(client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C0GENERAL", text="x")
    too_long = [section("x" * 3001)]
    calls: list[Callable[[], object]] = [
        lambda: client.chat_update(channel="C0GENERAL", ts=posted["ts"], text="x", blocks=too_long),
        lambda: client.chat_postEphemeral(
            channel="C0GENERAL", user="U0BOB", text="x", blocks=too_long
        ),
    ]
    for call in calls:
        with pytest.raises(SlackApiError) as failure:
            call()
        assert failure.value.response["error"] == "invalid_blocks"


def test_blocks_that_are_not_json_are_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as failure:
        client.api_call("chat.postMessage", params={"channel": "C0GENERAL", "blocks": "[{oops"})
    assert failure.value.response["error"] == "invalid_blocks_format"


INVALID_VIEWS = {
    "title of 25": modal("t" * 25),
    "submit of 25": modal(submit={"type": "plain_text", "text": "s" * 25}),
    "101 blocks": modal(blocks=[section(f"s{i}") for i in range(101)]),
    "private_metadata of 3001": modal(private_metadata="m" * 3001),
    "input without submit": {
        **modal(
            blocks=[
                {
                    "type": "input",
                    "label": {"type": "plain_text", "text": "Evidence"},
                    "element": {"type": "plain_text_input", "action_id": "evidence"},
                }
            ]
        ),
        "submit": None,
    },
    "home view given to views.open": {"type": "home", "blocks": []},
}


@pytest.mark.parametrize("view", INVALID_VIEWS.values(), ids=INVALID_VIEWS.keys())
def test_invalid_modals_are_refused(
    client: WebClient, standin: SlackStandIn, view: dict[str, Any]
) -> None:
    trigger_id = standin.issue_trigger_id("U0ALICE")
    with pytest.raises(SlackApiError) as failure:
        client.views_open(trigger_id=trigger_id, view=view)
    # views.* answer invalid_arguments (not invalid_blocks) with the same kind of messages
    assert failure.value.response["error"] == "invalid_arguments"
    assert failure.value.response["response_metadata"]["messages"]
    assert standin.open_modal("U0ALICE") is None


def test_home_tab_allows_100_blocks_not_101(client: WebClient) -> None:
    blocks = [section(f"s{i}") for i in range(100)]
    home = {"type": "home", "blocks": blocks}
    assert client.views_publish(user_id="U0ALICE", view=home)["ok"]
    blocks.append(section("one too many"))
    with pytest.raises(SlackApiError) as failure:
        client.views_publish(user_id="U0ALICE", view=home)
    assert failure.value.response["response_metadata"]["messages"] == [
        "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"
    ]


def test_check_view_reports_the_title_limit() -> None:
    assert check_view(modal("t" * 25)) == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    assert check_view(modal("t" * 24)) == []
