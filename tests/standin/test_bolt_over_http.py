"""A real Bolt App served over HTTP, driven by signed requests, calling the stand-in."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from devkit.standin import BoltServer, SlackRequests, SlackStandIn, plain_text_value

SECRET = "standin-signing-secret"


def question_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "answer",
        "private_metadata": "assessment=7",
        "title": {"type": "plain_text", "text": "Question 1"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "evidence",
                "label": {"type": "plain_text", "text": "Evidence"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            }
        ],
    }


def build_app(standin: SlackStandIn) -> App:
    """A tiny app: /maturity opens a modal; a button answers; the modal validates input."""
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    app = App(signing_secret=SECRET, client=client, process_before_response=True)

    @app.command("/maturity")
    def start(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        if body["text"] == "start":
            client.views_open(trigger_id=body["trigger_id"], view=question_modal())
        else:
            client.chat_postMessage(
                channel=body["user_id"],
                text="Ready?",
                blocks=[
                    {"type": "section", "text": {"type": "mrkdwn", "text": "Ready?"}},
                    {
                        "type": "actions",
                        "block_id": "ready",
                        "elements": [
                            {
                                "type": "button",
                                "action_id": "go",
                                "value": "assessment-7",
                                "text": {"type": "plain_text", "text": "Go"},
                            }
                        ],
                    },
                ],
            )

    @app.action("go")
    def go(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        value = body["actions"][0]["value"]
        respond(replace_original=True, text=f"Started {value}")

    @app.view("answer")
    def answer(ack: Ack, view: dict[str, Any], client: WebClient, body: dict[str, Any]) -> None:
        text = view["state"]["values"]["evidence"]["text"]["value"]
        if not text.strip():
            ack(response_action="errors", errors={"evidence": "Please describe the evidence."})
            return
        ack()
        client.chat_postMessage(
            channel=body["user"]["id"], text=f"Saved ({view['private_metadata']}): {text}"
        )

    @app.event("app_mention")
    def mention(event: dict[str, Any], say: Any) -> None:
        say(f"Hello <@{event['user']}>")

    return app


@pytest.fixture
def bolt(standin: SlackStandIn) -> Iterator[SlackRequests]:
    """The app served over HTTP and a signed-request client aimed at it."""
    with BoltServer(build_app(standin)) as server:
        yield SlackRequests(server.url, SECRET, standin=standin)


def test_the_app_calls_auth_test_when_built(standin: SlackStandIn) -> None:
    build_app(standin)
    assert [c.method for c in standin.calls()] == ["auth.test"]


def test_a_signed_slash_command_is_acked_and_opens_a_modal(
    bolt: SlackRequests, standin: SlackStandIn
) -> None:
    answer = bolt.slash_command("U0ALICE", "start")

    assert answer.status == 200
    modal = standin.open_modal("U0ALICE")
    assert modal is not None and modal.title == "Question 1"


def test_bad_signatures_and_stale_timestamps_get_401(
    bolt: SlackRequests, standin: SlackStandIn
) -> None:
    assert bolt.slash_command("U0ALICE", "start", bad_signature=True).status == 401
    assert bolt.slash_command("U0ALICE", "start", stale=True).status == 401
    assert standin.calls("views.open") == []


def test_a_button_click_reaches_the_app_and_respond_replaces_the_message(
    bolt: SlackRequests, standin: SlackStandIn
) -> None:
    bolt.slash_command("U0BOB", "")
    [message] = standin.messages("U0BOB")

    assert bolt.block_action("U0BOB", "go").status == 200

    [call] = standin.calls("response_url")
    assert call.params["replace_original"] is True
    [replaced] = standin.messages("U0BOB")
    assert (replaced.ts, replaced.text, replaced.edits) == (message.ts, "Started assessment-7", 1)


def test_view_submission_errors_keep_the_modal_and_success_closes_it(
    bolt: SlackRequests, standin: SlackStandIn
) -> None:
    bolt.slash_command("U0ALICE", "start")

    refused = bolt.view_submission(
        "U0ALICE", "answer", {"evidence": {"text": plain_text_value(" ")}}
    )
    assert refused.body == {
        "response_action": "errors",
        "errors": {"evidence": "Please describe the evidence."},
    }
    assert standin.open_modal("U0ALICE") is not None

    saved = bolt.view_submission(
        "U0ALICE", "answer", {"evidence": {"text": plain_text_value("CI logs")}}
    )
    assert saved.status == 200
    assert standin.open_modal("U0ALICE") is None
    last = standin.last_message("U0ALICE")
    assert last is not None and last.text == "Saved (assessment=7): CI logs"


def test_events_carry_retry_headers_and_reach_listeners(
    bolt: SlackRequests, standin: SlackStandIn
) -> None:
    event = {
        "type": "app_mention",
        "user": "U0ALICE",
        "text": "<@U0BOT> hi",
        "channel": "C0GENERAL",
    }
    assert bolt.event(event, event_id="Ev0001").status == 200
    assert bolt.event(event, event_id="Ev0001", retry_num=1).status == 200
    assert [m.text for m in standin.messages("C0GENERAL")] == ["Hello <@U0ALICE>"] * 2
    assert bolt.url_verification("abc").body == {"challenge": "abc"}


def test_the_transcript_shows_user_actions_and_bot_answers(
    bolt: SlackRequests, standin: SlackStandIn
) -> None:
    bolt.slash_command("U0BOB", "")
    bolt.block_action("U0BOB", "go")
    transcript = standin.transcript()
    assert ">>> @bob: /maturity" in transcript
    assert ">>> @bob: clicked [Go] (go)" in transcript
    assert "text: Started assessment-7" in transcript


def test_work_after_the_ack_is_awaited_with_wait_for(standin: SlackStandIn) -> None:
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    executor = ThreadPoolExecutor(max_workers=2)
    # the default (process_before_response=False): listeners run after the ack
    app = App(signing_secret=SECRET, client=client, listener_executor=executor)

    @app.command("/maturity")
    def start(ack: Ack, respond: Respond) -> None:
        ack("Working on it")
        respond("Done", response_type="in_channel")

    with BoltServer(app) as server:
        answer = SlackRequests(server.url, SECRET, standin=standin).slash_command(
            "U0ALICE", "report", channel_id="C0GENERAL"
        )
        assert (answer.status, answer.body) == (200, "Working on it")
        [call] = standin.wait_for("response_url")
    assert call.params["text"] == "Done"
    last = standin.last_message("C0GENERAL")
    assert last is not None and (last.text, last.is_ephemeral) == ("Done", False)
    executor.shutdown(wait=True)


def test_message_shortcut_and_ephemeral_respond(standin: SlackStandIn) -> None:
    seen: list[dict[str, Any]] = []
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    shortcut_app = App(signing_secret=SECRET, client=client, process_before_response=True)

    @shortcut_app.shortcut("flag_evidence")
    def flag(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        seen.append(body)
        respond("Flagged as evidence")

    original = standin.add_message("C0GENERAL", "U0BOB", "Our CI keeps every model version")
    with BoltServer(shortcut_app) as server:
        slack = SlackRequests(server.url, SECRET, standin=standin)
        assert slack.message_shortcut("U0ALICE", "flag_evidence", original).status == 200
    [body] = seen
    assert (body["type"], body["message_ts"], body["channel"]["id"]) == (
        "message_action",
        original.ts,
        "C0GENERAL",
    )
    assert body["message"]["text"] == "Our CI keeps every model version"
    reply = standin.last_message("C0GENERAL")
    assert reply is not None and (reply.text, reply.ephemeral_to) == (
        "Flagged as evidence",
        "U0ALICE",
    )


def test_ack_update_home_tab_and_invalid_ack_views(standin: SlackStandIn) -> None:
    client = WebClient(token=standin.bot_token, base_url=standin.base_url)
    app = App(signing_secret=SECRET, client=client, process_before_response=True)

    @app.view("answer")
    def next_question(ack: Ack, view: dict[str, Any]) -> None:
        title = view["state"]["values"]["evidence"]["text"]["value"]
        ack(
            response_action="update",
            view={**question_modal(), "title": {"type": "plain_text", "text": title}},
        )

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Your assessments*"}}]
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    client.views_open(trigger_id=standin.issue_trigger_id("U0ALICE"), view=question_modal())
    with BoltServer(app) as server:
        slack = SlackRequests(server.url, SECRET, standin=standin)
        slack.view_submission(
            "U0ALICE", "answer", {"evidence": {"text": plain_text_value("Question 2")}}
        )
        assert slack.view_errors == []
        modal = standin.open_modal("U0ALICE")
        assert modal is not None and modal.title == "Question 2"

        too_long = "A title far longer than twenty-four"
        slack.view_submission(
            "U0ALICE", "answer", {"evidence": {"text": plain_text_value(too_long)}}
        )
        assert slack.view_errors == [
            "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
        ]

        assert slack.app_home_opened("U0BOB").status == 200
    home_view = standin.home_view("U0BOB")
    assert home_view is not None and "Your assessments" in standin.transcript()
