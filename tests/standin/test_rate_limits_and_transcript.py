"""Rate limiting (HTTP 429 + Retry-After) and the readable transcript."""

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from devkit.standin import SlackStandIn


def test_a_rate_limited_call_gets_429_and_retry_after(
    client: WebClient, standin: SlackStandIn
) -> None:
    standin.rate_limit("chat.postMessage", times=1, retry_after=7)
    with pytest.raises(SlackApiError) as failure:
        client.chat_postMessage(channel="C0GENERAL", text="x")
    assert failure.value.response.status_code == 429
    assert failure.value.response.headers["Retry-After"] == "7"
    assert failure.value.response["error"] == "ratelimited"
    assert standin.messages() == []


def test_the_retry_handler_waits_retry_after_then_succeeds(standin: SlackStandIn) -> None:
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    standin.rate_limit("chat.postMessage", times=1, retry_after=1)

    started = time.monotonic()
    assert client.chat_postMessage(channel="C0GENERAL", text="after the wait")["ok"]

    first, second = standin.calls("chat.postMessage")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0
    assert time.monotonic() - started >= 1.0
    assert [m.text for m in standin.messages("C0GENERAL")] == ["after the wait"]


def test_transcript_renders_text_blocks_and_who_sees_what(
    client: WebClient, standin: SlackStandIn
) -> None:
    client.chat_postMessage(
        channel="U0ALICE",
        text="Time for your assessment",
        blocks=[
            {"type": "header", "text": {"type": "plain_text", "text": "MLOps assessment"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "*R1* Do you version models?"}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Yes"},
                        "action_id": "yes",
                    },
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "No"},
                        "action_id": "no",
                    },
                ],
            },
        ],
    )
    client.chat_postEphemeral(channel="C0GENERAL", user="U0BOB", text="Only for Bob")
    standin.note("U0ALICE", "/maturity start")

    transcript = standin.transcript()

    assert "DM @alice · message" in transcript
    assert "text: Time for your assessment" in transcript
    assert "== MLOps assessment ==" in transcript
    assert "*R1* Do you version models?" in transcript
    assert "[Yes] (yes) [No] (no)" in transcript
    assert "#general · ephemeral message (only visible to @bob)" in transcript
    assert ">>> @alice: /maturity start" in transcript
    assert transcript.index("MLOps") < transcript.index("Only for Bob")
