"""Writing to the bot in its DM, outside a question thread, gets a short guide and a way back in."""

from __future__ import annotations

from devkit.demo import scenario
from devkit.demo.harness import Harness
from questionnaire.usecases.start import StartRequest, start_assessment

PAUL = scenario.HOLDERS["product_owner"][0]
LEAD = scenario.LEAD[0]


def _write(h: Harness, user_id: str, text: str, **extra: str) -> None:
    event = {
        "type": "message",
        "channel": h.slack.dm_channel(user_id),
        "channel_type": "im",
        "user": user_id,
        "text": text,
        "ts": "1795400000.000200",
        **extra,
    }
    assert h.users.event(event, event_id=f"Ev-{user_id}-{text}").status == 200


def test_a_message_in_the_dm_gets_the_guide_and_a_continue_button(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    before = len(h.slack.messages(PAUL))
    _write(h, PAUL, "hi, what do I do?")
    replies = h.slack.messages(PAUL)[before:]
    assert len(replies) == 1
    reply = replies[0]
    assert "answer with the buttons" in reply.text
    buttons = [
        e["action_id"] for b in reply.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == ["continue"]


def test_someone_in_no_assessment_is_told_how_to_start(harness: Harness) -> None:
    _write(harness, "U0EVE", "hello")
    reply = harness.slack.last_message("U0EVE")
    assert reply is not None
    assert "/maturity start" in str(reply.blocks)


def test_channel_messages_and_the_bots_own_messages_get_no_reply(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    before = len(h.slack.messages())
    _write(h, PAUL, "a message in a channel", channel_type="channel", channel=scenario.CHANNEL[0])
    _write(h, PAUL, "echo", bot_id="B0SELF")
    assert len(h.slack.messages()) == before


def test_the_dm_guide_with_many_assessments_fits_a_message_and_points_to_the_rest(
    harness: Harness,
) -> None:
    h = harness
    framework = h.services.registry.get("mlops-quickcheck")
    for n in range(22):
        request = StartRequest(h.team_id, LEAD, f"Check {n}", "p", framework, "C0MLQ", roles={})
        start_assessment(h.services.uow, h.clock, request)
    _write(h, LEAD, "where am I?")  # the stand-in refuses a message over 50 blocks
    reply = h.slack.last_message(LEAD)
    assert reply is not None and len(reply.blocks) <= 50
    assert reply.blocks[-1]["type"] == "context"
    assert "12 older assessments: see `/maturity list`" in str(reply.blocks[-1])
