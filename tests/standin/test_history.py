"""conversations.history on the stand-in: order, ranges, paging, metadata, scopes and errors."""

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.standin import SlackStandIn
from devkit.standin.api import DEFAULT_SCOPES

METADATA = {"event_type": "maturity_bot_delivery", "event_payload": {"outbox": "42:kickoff"}}


def error_of(call: object) -> dict[str, object]:
    """Run a client call that must fail; return Slack's error body."""
    with pytest.raises(SlackApiError) as failure:
        call()  # type: ignore[operator]
    return dict(failure.value.response.data)  # type: ignore[arg-type]


def texts(answer: object) -> list[str]:
    """The texts of a history answer's messages, in the order given."""
    return [m["text"] for m in answer["messages"]]  # type: ignore[index]


def test_history_is_newest_first_top_level_only(client: WebClient, standin: SlackStandIn) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*first*"}}]
    first = client.chat_postMessage(channel="C0GENERAL", text="first", blocks=blocks)
    client.chat_postMessage(channel="C0GENERAL", text="a reply", thread_ts=first["ts"])
    client.chat_postEphemeral(channel="C0GENERAL", user="U0BOB", text="only bob")
    standin.add_message("C0GENERAL", "U0ALICE", "from alice")
    gone = client.chat_postMessage(channel="C0GENERAL", text="deleted")
    client.chat_delete(channel="C0GENERAL", ts=gone["ts"])
    client.chat_postMessage(channel="U0ALICE", text="elsewhere")

    answer = client.conversations_history(channel="C0GENERAL")

    assert texts(answer) == ["from alice", "first"]
    assert answer["has_more"] is False
    assert answer["response_metadata"] == {"next_cursor": ""}
    alice, parent = answer["messages"]
    assert alice == {"type": "message", "user": "U0ALICE", "text": "from alice", "ts": alice["ts"]}
    assert parent["bot_id"] == "B0BOT" and parent["user"] == standin.bot_user_id
    assert parent["ts"] == first["ts"] and parent["blocks"] == blocks
    assert parent["thread_ts"] == first["ts"] and parent["reply_count"] == 1
    assert parent["reply_users"] == [standin.bot_user_id]


def test_metadata_only_with_include_all_metadata(client: WebClient, standin: SlackStandIn) -> None:
    posted = client.chat_postMessage(channel="C0GENERAL", text="kickoff", metadata=METADATA)
    client.chat_postMessage(channel="C0GENERAL", text="plain")
    assert standin.messages_in("C0GENERAL")[0].metadata == METADATA

    without = client.conversations_history(channel="C0GENERAL")
    assert all("metadata" not in m for m in without["messages"])

    with_all = client.conversations_history(channel="C0GENERAL", include_all_metadata=True)
    plain, kickoff = with_all["messages"]
    assert "metadata" not in plain
    assert kickoff["ts"] == posted["ts"] and kickoff["metadata"] == METADATA


def test_malformed_metadata_is_refused(client: WebClient, standin: SlackStandIn) -> None:
    bad = {"event_type": "x"}
    error = error_of(lambda: client.chat_postMessage(channel="C0GENERAL", text="x", metadata=bad))
    assert error["error"] == "invalid_metadata_format"
    assert standin.messages() == []


def test_oldest_latest_and_inclusive_bound_the_range(
    client: WebClient, standin: SlackStandIn
) -> None:
    ts = [client.chat_postMessage(channel="C0GENERAL", text=f"m{i}")["ts"] for i in range(4)]

    between = client.conversations_history(channel="C0GENERAL", oldest=ts[0], latest=ts[3])
    assert texts(between) == ["m2", "m1"]
    inclusive = client.conversations_history(
        channel="C0GENERAL", oldest=ts[0], latest=ts[3], inclusive=True
    )
    assert texts(inclusive) == ["m3", "m2", "m1", "m0"]
    assert texts(client.conversations_history(channel="C0GENERAL", oldest=ts[2])) == ["m3"]
    assert texts(client.conversations_history(channel="C0GENERAL", latest=ts[1])) == ["m0"]
    error = error_of(lambda: client.conversations_history(channel="C0GENERAL", oldest="soon"))
    assert error["error"] == "invalid_ts_oldest"


def test_limit_has_more_and_cursor_page_backwards(client: WebClient, standin: SlackStandIn) -> None:
    for i in range(5):
        standin.add_message("C0GENERAL", "U0ALICE", f"m{i}")

    first = client.conversations_history(channel="C0GENERAL", limit=2)
    assert texts(first) == ["m4", "m3"] and first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_history(channel="C0GENERAL", limit=2, cursor=cursor)
    assert texts(second) == ["m2", "m1"] and second["has_more"] is True
    cursor = second["response_metadata"]["next_cursor"]
    last = client.conversations_history(channel="C0GENERAL", limit=2, cursor=cursor)
    assert texts(last) == ["m0"] and last["has_more"] is False
    assert last["response_metadata"]["next_cursor"] == ""
    error = error_of(lambda: client.conversations_history(channel="C0GENERAL", cursor="nope"))
    assert error["error"] == "invalid_cursor"


def test_limit_defaults_to_100_and_caps_at_999(client: WebClient, standin: SlackStandIn) -> None:
    for i in range(1001):
        standin.add_message("C0GENERAL", "U0ALICE", f"m{i}")
    assert len(client.conversations_history(channel="C0GENERAL")["messages"]) == 100
    capped = client.conversations_history(channel="C0GENERAL", limit=5000)
    assert len(capped["messages"]) == 999 and capped["has_more"] is True


def test_a_dm_is_read_by_the_id_conversations_open_gives(
    client: WebClient, standin: SlackStandIn
) -> None:
    client.chat_postMessage(channel="U0ALICE", text="your questions", metadata=METADATA)
    dm = client.conversations_open(users="U0ALICE")["channel"]["id"]
    assert dm == standin.dm_channel("U0ALICE") and dm.startswith("D")

    history = client.conversations_history(channel=dm, include_all_metadata=True)

    assert texts(history) == ["your questions"]
    assert history["messages"][0]["metadata"] == METADATA
    # A user id or a channel name is not a conversation id.
    assert error_of(lambda: client.conversations_history(channel="U0ALICE")) == {
        "ok": False,
        "error": "channel_not_found",
    }
    error = error_of(lambda: client.conversations_history(channel="#general"))
    assert error["error"] == "channel_not_found"


def test_channels_the_bot_cannot_read(client: WebClient) -> None:
    assert error_of(lambda: client.conversations_history(channel="C0NOPE"))["error"] == (
        "channel_not_found"
    )
    assert error_of(lambda: client.conversations_history(channel="C0RANDOM"))["error"] == (
        "not_in_channel"
    )
    assert error_of(lambda: client.conversations_history(channel="C0SECRET"))["error"] == (
        "channel_not_found"
    )
    archived = client.conversations_history(channel="C0OLD")  # reading an archive is allowed
    assert archived["messages"] == []


def test_history_scope_follows_the_kind_of_conversation() -> None:
    scopes = DEFAULT_SCOPES - {"channels:history", "groups:history", "mpim:history"}
    with SlackStandIn(scopes=scopes) as standin:
        standin.add_user("U0ALICE", "alice")
        standin.add_channel("C0GENERAL", "general")
        standin.add_channel("G0PRIVATE", "private", is_private=True)
        client = WebClient(token=standin.bot_token, base_url=standin.base_url)
        client.chat_postMessage(channel="U0ALICE", text="hello")

        error = error_of(lambda: client.conversations_history(channel="C0GENERAL"))
        assert error["error"] == "missing_scope" and error["needed"] == "channels:history"
        assert "im:history" in str(error["provided"])
        error = error_of(lambda: client.conversations_history(channel="G0PRIVATE"))
        assert error["needed"] == "groups:history"
        dm = standin.dm_channel("U0ALICE")
        assert texts(client.conversations_history(channel=dm)) == ["hello"]

    with SlackStandIn(scopes=scopes - {"im:history"}) as standin:
        client = WebClient(token=standin.bot_token, base_url=standin.base_url)
        error = error_of(lambda: client.conversations_history(channel="D0ANY"))
        assert error["error"] == "missing_scope"
        assert error["needed"] == "channels:history,groups:history,im:history,mpim:history"


def test_messages_in_counts_what_a_person_or_channel_received(
    client: WebClient, standin: SlackStandIn
) -> None:
    assert standin.messages_in("U0ALICE") == []
    client.chat_postMessage(channel="U0ALICE", text="one")
    client.chat_postMessage(channel=standin.dm_channel("U0ALICE"), text="two")
    client.chat_postMessage(channel="U0BOB", text="for bob")
    client.chat_postMessage(channel="C0GENERAL", text="everyone")

    assert [m.text for m in standin.messages_in("U0ALICE")] == ["one", "two"]
    assert [m.text for m in standin.messages_in(standin.dm_channel("U0BOB"))] == ["for bob"]
    assert [m.text for m in standin.messages_in("C0GENERAL")] == ["everyone"]
    assert standin.messages_in("U0NOBODY") == []


def test_replies_are_the_parent_then_its_thread_oldest_first(
    client: WebClient, standin: SlackStandIn
) -> None:
    parent = client.chat_postMessage(channel="C0GENERAL", text="prompt")
    first = client.chat_postMessage(
        channel="C0GENERAL", text="first", thread_ts=parent["ts"], metadata=METADATA
    )
    client.chat_postMessage(channel="C0GENERAL", text="elsewhere")
    client.chat_postMessage(channel="C0GENERAL", text="second", thread_ts=parent["ts"])

    answer = client.conversations_replies(
        channel="C0GENERAL", ts=parent["ts"], include_all_metadata=True
    )

    assert texts(answer) == ["prompt", "first", "second"]
    assert answer["has_more"] is False
    assert answer["messages"][1]["metadata"] == METADATA
    assert answer["messages"][1]["thread_ts"] == parent["ts"]
    bare = client.conversations_replies(channel="C0GENERAL", ts=parent["ts"])
    assert all("metadata" not in m for m in bare["messages"])
    later = client.conversations_replies(channel="C0GENERAL", ts=parent["ts"], oldest=first["ts"])
    assert texts(later) == ["prompt", "second"]  # the parent always comes first
    limited = client.conversations_replies(channel="C0GENERAL", ts=parent["ts"], limit=2)
    assert texts(limited) == ["prompt", "first"] and limited["has_more"] is True
    by_reply = client.conversations_replies(channel="C0GENERAL", ts=first["ts"])
    assert texts(by_reply) == ["prompt", "first", "second"]


def test_replies_of_an_unknown_thread(client: WebClient, standin: SlackStandIn) -> None:
    assert error_of(lambda: client.conversations_replies(channel="C0GENERAL", ts="1.000001")) == {
        "ok": False,
        "error": "thread_not_found",
    }
    assert error_of(lambda: client.conversations_replies(channel="C0RANDOM", ts="1.0"))[
        "error"
    ] == ("not_in_channel")
