"""Fault injection on the stand-in: HTTP failures, delays and slow methods, lost replies."""

import threading
import time
from http.client import RemoteDisconnected
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.standin import SlackStandIn

CONNECTION_ERRORS = (RemoteDisconnected, URLError, ConnectionError)


def bare_client(standin: SlackStandIn, timeout: int = 30) -> WebClient:
    """A WebClient that retries nothing (not even connection errors)."""
    return WebClient(
        base_url=standin.base_url, token=standin.bot_token, retry_handlers=[], timeout=timeout
    )


def history_texts(client: WebClient, channel: str) -> list[str]:
    """Texts of the conversation's top-level messages, newest first."""
    return [m["text"] for m in client.conversations_history(channel=channel)["messages"]]


def test_fail_http_answers_the_status_without_acting(
    client: WebClient, standin: SlackStandIn
) -> None:
    standin.fail_http("chat.postMessage", status=503, times=2)

    for _ in range(2):
        with pytest.raises(SlackApiError) as failure:
            client.chat_postMessage(channel="C0GENERAL", text="x")
        assert failure.value.response.status_code == 503
        assert failure.value.response.data == {"ok": False, "error": "internal_error"}
    assert standin.messages() == []
    assert client.chat_postMessage(channel="C0GENERAL", text="third time")["ok"]

    first, second, third = standin.calls("chat.postMessage")
    assert (first.status, second.status, third.status) == (503, 503, 200)
    assert first.error == "internal_error" and first.params["text"] == "x"
    assert [m.text for m in standin.messages_in("C0GENERAL")] == ["third time"]


def test_fail_http_applies_to_its_method_only(client: WebClient, standin: SlackStandIn) -> None:
    standin.fail_http("chat.update")
    assert client.chat_postMessage(channel="C0GENERAL", text="fine")["ok"]
    assert client.auth_test()["ok"]
    assert [c.status for c in standin.calls()] == [200, 200]


def test_a_dropped_reply_posts_once_while_the_client_raises(standin: SlackStandIn) -> None:
    client = bare_client(standin)
    standin.drop_reply("chat.postMessage")

    with pytest.raises(CONNECTION_ERRORS):
        client.chat_postMessage(channel="U0ALICE", text="your questions")

    dm = client.conversations_open(users="U0ALICE")["channel"]["id"]
    assert history_texts(client, dm) == ["your questions"]
    assert len(standin.messages_in("U0ALICE")) == 1
    (call,) = standin.calls("chat.postMessage")
    assert call.dropped and call.ok and call.response["channel"] == dm
    assert client.chat_postMessage(channel="U0ALICE", text="next")["ok"]  # answered again
    assert not standin.calls("chat.postMessage")[-1].dropped


def test_the_default_retry_after_a_lost_reply_posts_twice(
    client: WebClient, standin: SlackStandIn
) -> None:
    standin.drop_reply("chat.postMessage")

    answer = client.chat_postMessage(channel="C0GENERAL", text="kickoff")

    assert answer["ok"]  # slack_sdk's ConnectionErrorRetryHandler tried again, and it worked
    assert history_texts(client, "C0GENERAL") == ["kickoff", "kickoff"]
    assert [c.dropped for c in standin.calls("chat.postMessage")] == [True, False]


def test_a_delayed_call_does_not_block_other_requests(standin: SlackStandIn) -> None:
    client = bare_client(standin)
    standin.delay("chat.postMessage", 0.6)
    elapsed: list[float] = []

    def post() -> None:
        started = time.monotonic()
        client.chat_postMessage(channel="C0GENERAL", text="slow one")
        elapsed.append(time.monotonic() - started)

    poster = threading.Thread(target=post)
    poster.start()
    time.sleep(0.1)
    started = time.monotonic()
    assert client.auth_test()["ok"]
    assert history_texts(client, "C0GENERAL") == []  # not performed yet: it waits first
    assert time.monotonic() - started < 0.4
    poster.join(timeout=5)

    assert elapsed and elapsed[0] >= 0.6
    assert history_texts(client, "C0GENERAL") == ["slow one"]
    started = time.monotonic()
    client.chat_postMessage(channel="C0GENERAL", text="the delay was used up")
    assert time.monotonic() - started < 0.4


def test_a_call_the_client_gave_up_on_still_happens(standin: SlackStandIn) -> None:
    impatient = bare_client(standin, timeout=1)
    standin.delay("chat.postMessage", 1.5)

    with pytest.raises((TimeoutError, *CONNECTION_ERRORS)):
        impatient.chat_postMessage(channel="C0GENERAL", text="late")

    (call,) = standin.wait_for("chat.postMessage", timeout=3)
    assert call.ok
    assert [m.text for m in standin.messages_in("C0GENERAL")] == ["late"]


def test_slow_applies_to_every_call_until_turned_off(standin: SlackStandIn) -> None:
    client = bare_client(standin)
    standin.slow("users.info", 0.25)
    for _ in range(2):
        started = time.monotonic()
        assert client.users_info(user="U0ALICE")["ok"]
        assert time.monotonic() - started >= 0.25

    standin.slow("users.info", None)
    started = time.monotonic()
    client.users_info(user="U0ALICE")
    assert time.monotonic() - started < 0.2
    assert len(standin.calls("users.info")) == 3


def test_stopping_ends_pending_waits() -> None:
    with SlackStandIn() as standin:
        standin.add_channel("C0GENERAL", "general")
        client = bare_client(standin)
        standin.slow("chat.postMessage", 60)
        outcome: list[object] = []

        def post() -> None:
            try:
                outcome.append(client.chat_postMessage(channel="C0GENERAL", text="x")["ok"])
            except Exception as exc:
                outcome.append(exc)

        poster = threading.Thread(target=post)
        poster.start()
        time.sleep(0.2)
        started = time.monotonic()
    assert time.monotonic() - started < 5
    poster.join(timeout=5)
    assert outcome and not poster.is_alive()


def test_switches_refuse_nonsense(standin: SlackStandIn) -> None:
    with pytest.raises(ValueError):
        standin.fail_http("chat.postMessage", status=200)
    with pytest.raises(ValueError):
        standin.delay("chat.postMessage", -1)
    with pytest.raises(ValueError):
        standin.slow("chat.postMessage", -0.5)
    with pytest.raises(ValueError):
        standin.drop_reply("chat.postMessage", times=-1)


def test_in_flight_counts_calls_held_until_they_are_handled(standin: SlackStandIn) -> None:
    client = bare_client(standin)
    standin.slow("chat.postMessage", 0.5)
    poster = threading.Thread(
        target=lambda: client.chat_postMessage(channel="C0GENERAL", text="held")
    )
    poster.start()
    deadline = time.monotonic() + 2
    while standin.in_flight("chat.postMessage") == 0 and time.monotonic() < deadline:
        time.sleep(0.01)

    assert standin.in_flight("chat.postMessage") == standin.in_flight() == 1
    assert standin.in_flight("chat.update") == 0
    assert standin.messages_in("C0GENERAL") == []
    poster.join(timeout=5)
    assert standin.in_flight() == 0
    assert [m.text for m in standin.messages_in("C0GENERAL")] == ["held"]


def test_clear_faults_forgets_what_was_queued(standin: SlackStandIn) -> None:
    client = bare_client(standin)
    standin.fail_http("chat.postMessage")
    standin.drop_reply("chat.postMessage")
    standin.delay("chat.postMessage", 5)
    standin.slow("chat.update", 5)

    standin.clear_faults()

    started = time.monotonic()
    posted = client.chat_postMessage(channel="C0GENERAL", text="plain sailing")
    client.chat_update(channel="C0GENERAL", ts=posted["ts"], text="still")
    assert time.monotonic() - started < 1
    assert [c.status for c in standin.calls()] == [200, 200]
