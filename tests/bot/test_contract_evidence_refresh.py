"""Evidence from a prompt or a thread reply clears the page's warning and is confirmed once, where
it was given: the prompt says so in place, a thread reply is answered in its thread."""

from __future__ import annotations

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, plain_text_value

from .steps import NAME, told

PAUL = scenario.HOLDERS["product_owner"][0]
WARNING = "Evidence needed"


def _owed_after_met(h: Harness) -> tuple[Message, Message]:
    """Paul answers Met on a question needing evidence: (his page, the evidence prompt).
    On CAICT: the quick check requires evidence for none of its questions."""
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    first = scenario.open_questions(h, PAUL)[0]  # the CAICT page starts with one needing evidence
    scenario.click(h, PAUL, "answer:met", requirement=first)
    prompt = h.slack.messages(PAUL)[-1]
    assert prompt.text.startswith(f"Evidence for {first}")
    assert WARNING in str(_current(h, page).blocks)
    return page, prompt


def _add_through(h: Harness, prompt: Message, url: str, title: str | None = None) -> None:
    """Paul adds a link through the prompt's Add evidence button."""
    h.users.block_action(
        PAUL, "add_evidence", message=prompt, value=_button_value(prompt), block_id="prompt"
    )
    values = {"url": {"value": plain_text_value(url)}}
    if title:
        values["title"] = {"value": plain_text_value(title)}
    assert h.users.view_submission(PAUL, "add_evidence", values).status == 200


def _current(h: Harness, message: Message) -> Message:
    return next(m for m in h.slack.messages(PAUL) if m.ts == message.ts)


def test_evidence_through_the_prompts_button_updates_the_prompt_and_refreshes_the_page(
    started_caict: tuple[Harness, int],
) -> None:
    h, _ = started_caict
    page, prompt = _owed_after_met(h)
    first = prompt.text.split()[2]
    dms = len(told(h, PAUL))
    _add_through(h, prompt, "https://wiki.example/req", title="Spec <v2>")
    assert len(told(h, PAUL)) == dms  # no new DM: the prompt itself says it is done
    said = str(_current(h, prompt).blocks)
    assert (
        f":paperclip: Attached <https://wiki.example/req|Spec &lt;v2&gt;> as evidence for "
        f"`{first}` (*{NAME}*)."
    ) in said
    assert _button_value(_current(h, prompt)) == _button_value(prompt)  # more can follow
    refreshed = str(_current(h, page).blocks)
    assert WARNING not in refreshed and "https://wiki.example/req" in refreshed


def test_a_link_replied_in_the_prompts_thread_refreshes_the_page(
    started_caict: tuple[Harness, int],
) -> None:
    h, _ = started_caict
    page, prompt = _owed_after_met(h)
    first = prompt.text.split()[2]
    dms = len(told(h, PAUL))
    reply = {
        "type": "message",
        "channel": prompt.channel,
        "channel_type": "im",
        "user": PAUL,
        "text": "<https://wiki.example/spec|spec> and <https://wiki.example/plan>",
        "ts": "1795400000.000300",
        "thread_ts": prompt.ts,
    }
    assert h.users.event(reply, event_id="Ev-thread").status == 200
    refreshed = str(_current(h, page).blocks)
    assert WARNING not in refreshed and "https://wiki.example/spec" in refreshed
    answers = [m for m in h.slack.messages(PAUL) if m.thread_ts == prompt.ts]
    assert [m.text for m in answers] == [
        f":paperclip: Attached 2 links as evidence for `{first}` (*{NAME}*)."
    ]
    assert len(told(h, PAUL)) == dms + 1  # that in-thread answer is the only confirmation
    assert _current(h, prompt).text == prompt.text


def test_a_refused_link_in_a_reply_still_confirms_the_ones_attached_before_it(
    started_caict: tuple[Harness, int],
) -> None:
    h, _ = started_caict
    _page, prompt = _owed_after_met(h)
    first = prompt.text.split()[2]
    too_long = "https://wiki.example/" + "x" * 2100
    reply = {
        "type": "message",
        "channel": prompt.channel,
        "channel_type": "im",
        "user": PAUL,
        "text": f"<https://wiki.example/spec|spec> and <{too_long}>",
        "ts": "1795400000.000400",
        "thread_ts": prompt.ts,
    }
    assert h.users.event(reply, event_id="Ev-partial").status == 200
    said = [m.text for m in h.slack.messages(PAUL) if m.thread_ts == prompt.ts]
    assert said == [
        ":warning: That link is longer than 2000 characters.",
        f":paperclip: Attached <https://wiki.example/spec|spec> as evidence for `{first}` (*{NAME}*).",
    ]


def _button_value(message: Message) -> str:
    return next(
        e["value"]
        for b in message.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("action_id") == "add_evidence"
    )


def test_evidence_through_a_prompt_slack_no_longer_has_is_confirmed_by_dm(
    started_caict: tuple[Harness, int],
) -> None:
    h, _ = started_caict
    prompt = _owed_after_met(h)[1]
    h.slack.fail_next("chat.update", "message_not_found", times=2)  # the page, then the prompt
    _add_through(h, prompt, "https://wiki.example/req")
    first = prompt.text.split()[2]
    assert told(h, PAUL)[-1] == (
        f":paperclip: Attached <https://wiki.example/req|https://wiki.example/req> as evidence "
        f"for `{first}` (*{NAME}*)."
    )
    assert _current(h, prompt).text == prompt.text
