"""A real slack_sdk WebClient against the stand-in: answers, records and Slack's errors."""

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.standin import SlackStandIn


def error_of(call: object) -> dict[str, object]:
    """Run a client call that must fail; return Slack's error body."""
    with pytest.raises(SlackApiError) as failure:
        call()  # type: ignore[operator]
    return dict(failure.value.response.data)  # type: ignore[arg-type]


def test_base_url_has_the_trailing_slash_slack_sdk_joins_on(standin: SlackStandIn) -> None:
    assert standin.base_url == f"{standin.url}/api/"
    assert standin.base_url.startswith("http://127.0.0.1:")


def test_auth_test_names_the_bot(client: WebClient, standin: SlackStandIn) -> None:
    answer = client.auth_test()
    assert answer["user_id"] == standin.bot_user_id
    assert answer["team_id"] == standin.team_id
    assert answer["bot_id"] == "B0BOT"
    assert "chat:write" in answer.headers["X-OAuth-Scopes"]


def test_a_wrong_or_missing_token_is_rejected(standin: SlackStandIn) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=standin.base_url)
    assert error_of(lambda: wrong.chat_postMessage(channel="C0GENERAL", text="x")) == {
        "ok": False,
        "error": "invalid_auth",
    }
    anonymous = WebClient(base_url=standin.base_url)
    assert error_of(anonymous.auth_test)["error"] == "not_authed"
    assert standin.messages() == []


def test_the_token_may_come_as_a_form_field(standin: SlackStandIn) -> None:
    body = f"token={standin.bot_token}".encode()
    request = urllib.request.Request(standin.base_url + "auth.test", body, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert json.loads(answer.read())["ok"] is True


def test_an_unknown_method_is_a_404(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as failure:
        client.api_call("chat.postMesage", json={"channel": "C0GENERAL", "text": "typo"})
    assert failure.value.response.status_code == 404
    assert failure.value.response["error"] == "unknown_method"


def test_post_message_answers_and_records(client: WebClient, standin: SlackStandIn) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Hello*"}}]
    answer = client.chat_postMessage(channel="C0GENERAL", text="Hello", blocks=blocks)

    assert answer["channel"] == "C0GENERAL"
    assert answer["message"]["text"] == "Hello"
    assert answer["message"]["bot_id"] == "B0BOT"
    message = standin.last_message("C0GENERAL")
    assert message is not None
    assert (message.ts, message.text, message.blocks) == (answer["ts"], "Hello", blocks)
    [call] = standin.calls("chat.postMessage")
    assert call.ok and call.params["blocks"] == blocks and "token" not in call.params


def test_posting_to_a_user_id_uses_their_dm(client: WebClient, standin: SlackStandIn) -> None:
    opened = client.conversations_open(users="U0ALICE")["channel"]["id"]
    answer = client.chat_postMessage(channel="U0ALICE", text="Your turn")

    assert answer["channel"] == opened == standin.dm_channel("U0ALICE")
    assert [m.text for m in standin.messages("U0ALICE")] == ["Your turn"]
    assert standin.messages(opened) == standin.messages("U0ALICE")


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        ("C0NOPE", "channel_not_found"),
        ("U0NOBODY", "channel_not_found"),
        ("C0RANDOM", "not_in_channel"),
        ("C0SECRET", "channel_not_found"),
        ("C0OLD", "is_archived"),
        ("U0GONE", "user_disabled"),
    ],
)
def test_post_message_refusals(client: WebClient, channel: str, error: str) -> None:
    assert error_of(lambda: client.chat_postMessage(channel=channel, text="x"))["error"] == error


def test_a_message_needs_text_or_blocks_and_at_most_40000_characters(client: WebClient) -> None:
    with pytest.warns(UserWarning, match="`text` argument is missing"):
        assert error_of(lambda: client.chat_postMessage(channel="C0GENERAL"))["error"] == "no_text"
    too_long = "x" * 40_001
    assert (
        error_of(lambda: client.chat_postMessage(channel="C0GENERAL", text=too_long))["error"]
        == "msg_too_long"
    )


def test_joining_a_public_channel_lets_the_bot_post(client: WebClient) -> None:
    assert client.conversations_join(channel="C0RANDOM")["channel"]["is_member"] is True
    assert client.chat_postMessage(channel="C0RANDOM", text="hello")["ok"]
    assert (
        error_of(lambda: client.conversations_join(channel="C0SECRET"))["error"]
        == "method_not_supported_for_channel_type"
    )


def test_update_replaces_text_and_keeps_blocks(client: WebClient, standin: SlackStandIn) -> None:
    blocks = [{"type": "section", "text": {"type": "plain_text", "text": "Q1"}}]
    posted = client.chat_postMessage(channel="U0BOB", text="Q1", blocks=blocks)
    updated = client.chat_update(channel=posted["channel"], ts=posted["ts"], text="Answered")

    assert updated["text"] == "Answered"
    message = standin.last_message("U0BOB")
    assert message is not None and (message.text, message.blocks, message.edits) == (
        "Answered",
        blocks,
        1,
    )
    assert (
        error_of(lambda: client.chat_update(channel=posted["channel"], ts="1.000001", text="x"))[
            "error"
        ]
        == "message_not_found"
    )
    # chat.update wants the conversation id, not the user id the message was posted to
    assert (
        error_of(lambda: client.chat_update(channel="U0BOB", ts=posted["ts"], text="x"))["error"]
        == "channel_not_found"
    )


def test_ephemeral_messages_need_a_member(client: WebClient, standin: SlackStandIn) -> None:
    answer = client.chat_postEphemeral(channel="C0GENERAL", user="U0BOB", text="Only you")
    message = standin.last_message("C0GENERAL")
    assert message is not None
    assert (message.ts, message.ephemeral_to) == (answer["message_ts"], "U0BOB")
    standin.add_user("U0CAROL", "carol")
    assert (
        error_of(lambda: client.chat_postEphemeral(channel="C0GENERAL", user="U0CAROL", text="x"))[
            "error"
        ]
        == "user_not_in_channel"
    )


def test_permalinks_and_reactions(client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C0GENERAL", text="Summary")
    link = client.chat_getPermalink(channel="C0GENERAL", message_ts=posted["ts"])["permalink"]
    assert link == f"https://standin.slack.com/archives/C0GENERAL/p{posted['ts'].replace('.', '')}"
    assert client.reactions_add(channel="C0GENERAL", timestamp=posted["ts"], name="tada")["ok"]
    assert (
        error_of(
            lambda: client.reactions_add(channel="C0GENERAL", timestamp=posted["ts"], name="tada")
        )["error"]
        == "already_reacted"
    )


def test_users_info_gives_time_zone_flags_and_locale(client: WebClient) -> None:
    alice = client.users_info(user="U0ALICE")["user"]
    assert alice["tz"] == "Asia/Shanghai" and alice["tz_offset"] == 8 * 3600
    assert alice["profile"]["real_name"] == "Alice Liddell"
    assert (alice["deleted"], alice["is_bot"]) == (False, False)
    assert "locale" not in alice
    assert client.users_info(user="U0BOB", include_locale=True)["user"]["locale"] == "fr-FR"
    assert client.users_info(user="U0GONE")["user"]["deleted"] is True
    assert error_of(lambda: client.users_info(user="U0NOBODY"))["error"] == "user_not_found"


def test_conversations_info_and_members(client: WebClient) -> None:
    general = client.conversations_info(channel="C0GENERAL")["channel"]
    assert (general["name"], general["is_member"], general["is_private"]) == (
        "general",
        True,
        False,
    )
    members = client.conversations_members(channel="C0GENERAL")["members"]
    assert set(members) == {"U0ALICE", "U0BOB", "U0BOT"}
    assert error_of(lambda: client.conversations_info(channel="C0SECRET"))["error"] == (
        "channel_not_found"
    )
    assert error_of(lambda: client.conversations_open(users="U0GONE"))["error"] == "user_disabled"


def test_missing_scope_names_the_scope(standin: SlackStandIn) -> None:
    standin.options.scopes.discard("users:read")
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    error = error_of(lambda: client.users_info(user="U0ALICE"))
    assert (error["error"], error["needed"]) == ("missing_scope", "users:read")


def test_fail_next_injects_one_failure(client: WebClient, standin: SlackStandIn) -> None:
    standin.fail_next("chat.postMessage", "fatal_error")
    assert error_of(lambda: client.chat_postMessage(channel="C0GENERAL", text="x"))["error"] == (
        "fatal_error"
    )
    assert client.chat_postMessage(channel="C0GENERAL", text="x")["ok"]
    assert [c.error for c in standin.calls("chat.postMessage")] == ["fatal_error", None]


def test_clear_forgets_calls_and_messages_but_not_people(
    client: WebClient, standin: SlackStandIn
) -> None:
    client.chat_postMessage(channel="C0GENERAL", text="x")
    standin.clear()
    assert standin.calls() == [] and standin.messages() == []
    assert client.users_info(user="U0ALICE")["ok"]


def test_posting_to_a_deactivated_user_can_be_made_to_succeed() -> None:
    # Slack has been seen to accept DMs to deactivated users (python-slack-sdk#1156)
    with SlackStandIn(deleted_user_dm_error=None) as standin:
        standin.add_user("U0GONE", "gone", deleted=True)
        client = WebClient(token=standin.bot_token, base_url=standin.base_url)
        assert client.chat_postMessage(channel="U0GONE", text="still there?")["ok"]


def test_wait_for_returns_once_the_call_happened(client: WebClient, standin: SlackStandIn) -> None:
    client.chat_postMessage(channel="C0GENERAL", text="x")
    assert [c.method for c in standin.wait_for("chat.postMessage")] == ["chat.postMessage"]
    with pytest.raises(TimeoutError, match=r"chat\.update called fewer"):
        standin.wait_for("chat.update", timeout=0.05)


def test_users_list_pages_by_cursor_and_refuses_a_cursor_it_did_not_give(
    client: WebClient, standin: SlackStandIn
) -> None:
    for n in range(5):
        standin.add_user(f"U9{n}", f"person{n}")
    everyone = client.users_list()["members"]
    seen, cursor = [], None
    while True:
        page = client.users_list(limit=2, cursor=cursor)
        assert len(page["members"]) <= 2
        seen += page["members"]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert [u["id"] for u in seen] == sorted(u["id"] for u in everyone)
    assert error_of(lambda: client.users_list(cursor="bm9wZQ=="))["error"] == "invalid_cursor"
