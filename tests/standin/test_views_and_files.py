"""Modals, Home tab and the three-step file upload through a real WebClient."""

import time
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.standin import SlackStandIn


def modal(title: str, callback_id: str = "answer") -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": '{"assessment": 7}',
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}}],
    }


def error_of(call: Any) -> str:
    with pytest.raises(SlackApiError) as failure:
        call()
    return str(failure.value.response["error"])


def test_views_open_update_push(client: WebClient, standin: SlackStandIn) -> None:
    opened = client.views_open(trigger_id=standin.issue_trigger_id("U0ALICE"), view=modal("Q1"))
    view = opened["view"]
    assert view["id"].startswith("V") and view["root_view_id"] == view["id"]
    assert (view["callback_id"], view["private_metadata"]) == ("answer", '{"assessment": 7}')

    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=modal("Q1 (2/3)"))
    assert updated["view"]["title"]["text"] == "Q1 (2/3)"
    assert error_of(
        lambda: client.views_update(view_id=view["id"], hash=view["hash"], view=modal("x"))
    ) == ("hash_conflict")
    assert error_of(lambda: client.views_update(view_id="V0NOPE", view=modal("x"))) == "not_found"

    pushed = client.views_push(trigger_id=standin.issue_trigger_id("U0ALICE"), view=modal("Detail"))
    assert pushed["view"]["previous_view_id"] == view["id"]
    top = standin.open_modal("U0ALICE")
    assert top is not None and top.title == "Detail"


def test_trigger_ids_are_single_use_and_short_lived(client: WebClient) -> None:
    with SlackStandIn(trigger_ttl=0.05) as standin:
        standin.add_user("U0ALICE", "alice")
        client = WebClient(token=standin.bot_token, base_url=standin.base_url)
        trigger_id = standin.issue_trigger_id("U0ALICE")
        assert client.views_open(trigger_id=trigger_id, view=modal("Q1"))["ok"]
        assert error_of(lambda: client.views_open(trigger_id=trigger_id, view=modal("Q1"))) == (
            "exchanged_trigger_id"
        )
        late = standin.issue_trigger_id("U0ALICE")
        time.sleep(0.1)
        assert error_of(lambda: client.views_open(trigger_id=late, view=modal("Q1"))) == (
            "expired_trigger_id"
        )
        assert error_of(lambda: client.views_open(trigger_id="made.up", view=modal("Q1"))) == (
            "invalid_trigger_id"
        )


def test_a_modal_stack_holds_three_views(client: WebClient, standin: SlackStandIn) -> None:
    client.views_open(trigger_id=standin.issue_trigger_id("U0BOB"), view=modal("One"))
    for title in ("Two", "Three"):
        client.views_push(trigger_id=standin.issue_trigger_id("U0BOB"), view=modal(title))
    trigger_id = standin.issue_trigger_id("U0BOB")
    assert error_of(lambda: client.views_push(trigger_id=trigger_id, view=modal("Four"))) == (
        "push_limit_reached"
    )


def test_views_publish_keeps_one_home_per_user(client: WebClient, standin: SlackStandIn) -> None:
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
    }
    first = client.views_publish(user_id="U0ALICE", view=home)["view"]
    second = client.views_publish(user_id="U0ALICE", view=home)["view"]
    assert first["id"] == second["id"] and first["hash"] != second["hash"]
    assert standin.home_view("U0ALICE") is not None
    assert error_of(lambda: client.views_publish(user_id="U0NOBODY", view=home)) == "user_not_found"


def test_files_upload_v2_runs_all_three_steps(client: WebClient, standin: SlackStandIn) -> None:
    answer = client.files_upload_v2(
        channel="C0GENERAL",
        content=b"requirement,level\nR1,3\n",
        filename="assessment.csv",
        title="Assessment results",
        initial_comment="Here are the results",
    )

    assert [c.method for c in standin.calls()] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    [stored] = standin.files()
    assert answer["file"]["id"] == stored.id
    assert (stored.name, stored.title, stored.data) == (
        "assessment.csv",
        "Assessment results",
        b"requirement,level\nR1,3\n",
    )
    assert (stored.channels, stored.initial_comment) == (["C0GENERAL"], "Here are the results")
    shared = standin.last_message("C0GENERAL")
    assert shared is not None and shared.files == [stored.id]
    assert shared.text == "Here are the results"
    info = client.files_info(file=stored.id)["file"]
    assert (info["name"], info["size"], info["channels"]) == ("assessment.csv", 23, ["C0GENERAL"])


def test_files_upload_v2_in_a_thread_of_a_dm(client: WebClient, standin: SlackStandIn) -> None:
    parent = client.chat_postMessage(channel="U0BOB", text="Your report")
    client.files_upload_v2(
        channel=parent["channel"], content="x", filename="r.txt", thread_ts=parent["ts"]
    )
    [stored] = standin.files()
    assert stored.thread_ts == parent["ts"] and stored.channels == [standin.dm_channel("U0BOB")]


def test_uploads_need_files_write() -> None:
    with SlackStandIn(files_write_scope=False) as standin:
        standin.add_channel("C0GENERAL", "general")
        client = WebClient(token=standin.bot_token, base_url=standin.base_url)
        with pytest.raises(SlackApiError) as failure:
            client.files_upload_v2(channel="C0GENERAL", content="x", filename="x.txt")
        assert failure.value.response["error"] == "missing_scope"
        assert failure.value.response["needed"] == "files:write"
        assert standin.files() == []


def test_completing_an_unknown_file_fails(client: WebClient) -> None:
    assert (
        error_of(
            lambda: client.files_completeUploadExternal(files=[{"id": "F0NOPE", "title": "x"}])
        )
        == "file_not_found"
    )
