"""Evidence through a question page, end to end through the app and the Slack stand-in: the page
shows what is owed and takes replies in its thread (to the one owed, to the id named, or through
a picker in the thread); a confirmation edits the page and answers in the thread, never a new DM.
On CAICT: the quick check requires evidence for none of its questions."""

from __future__ import annotations

import json

from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import Message, plain_text_value

from .steps import NAME, PAUL, told, view_of

WARNING = "Evidence needed"
HINT = "Reply in this thread with a link or a file to add evidence"


def _page_owing(h: Harness, assessment_id: int, owed: int) -> tuple[Message, list[str]]:
    """Paul answers Met on the first `owed` questions of his page that need evidence: (his
    page, those questions)."""
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    framework = view_of(h, assessment_id).framework
    needing = [
        rid
        for rid in scenario.open_questions(h, PAUL)
        if framework.locate(rid).requirement.evidence.required
    ][:owed]
    assert len(needing) == owed
    for rid in needing:
        scenario.click(h, PAUL, "answer:met", requirement=rid)
    return page, needing


def _current(h: Harness, message: Message) -> Message:
    return next(m for m in h.slack.messages(PAUL) if m.ts == message.ts)


def _in_thread(h: Harness, page: Message) -> list[Message]:
    return [m for m in h.slack.messages(PAUL) if m.thread_ts == page.ts and m.ts != page.ts]


def _reply(h: Harness, page: Message, text: str, event_id: str) -> None:
    event = {
        "type": "message",
        "channel": page.channel,
        "channel_type": "im",
        "user": PAUL,
        "text": text,
        "ts": f"1795400000.{len(h.slack.messages()):06d}",
        "thread_ts": page.ts,
    }
    assert h.users.event(event, event_id=event_id).status == 200


def _evidence(h: Harness, assessment_id: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for e in view_of(h, assessment_id).evidence:
        found.setdefault(e.requirement_id, []).append(e.url or "")
    return found


def test_a_met_answer_posts_no_evidence_request_the_page_says_how(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    dms = len(told(h, PAUL))
    page, _ = _page_owing(h, aid, 1)
    assert len(told(h, PAUL)) == dms + 1  # the page itself, nothing more
    shown = str(_current(h, page).blocks)
    assert WARNING in shown and HINT in shown


def test_a_link_replied_in_the_page_thread_goes_to_the_one_owed(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    page, [first] = _page_owing(h, aid, 1)
    dms = len(told(h, PAUL))
    _reply(h, page, "<https://wiki.example/spec|spec> and <https://wiki.example/plan>", "Ev-1")
    assert _evidence(h, aid) == {first: ["https://wiki.example/spec", "https://wiki.example/plan"]}
    refreshed = str(_current(h, page).blocks)
    assert WARNING not in refreshed and HINT not in refreshed
    assert "https://wiki.example/spec" in refreshed
    assert [m.text for m in _in_thread(h, page)] == [
        f":paperclip: Attached 2 links as evidence for `{first}` (*{NAME}*)."
    ]
    assert len(told(h, PAUL)) == dms + 1  # that in-thread answer is the only message


def test_a_reply_naming_an_id_in_backticks_goes_to_that_question(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    page, [_, second] = _page_owing(h, aid, 2)
    _reply(h, page, f"for `{second.lower()}`: <https://wiki.example/b>", "Ev-2")
    assert _evidence(h, aid) == {second: ["https://wiki.example/b"]}
    assert WARNING in str(_current(h, page).blocks)  # the first still owes


def test_an_ambiguous_reply_is_kept_and_the_picker_attaches_it(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    page, [first, second] = _page_owing(h, aid, 2)
    _reply(h, page, "here: <https://wiki.example/x|the doc>", "Ev-3")
    assert _evidence(h, aid) == {}
    [picker] = _in_thread(h, page)
    choices = [e for b in picker.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [json.loads(e["value"])["r"] for e in choices] == [first, second]
    assert [e["text"]["text"].split(" · ")[0] for e in choices] == [first, second]

    h.users.block_action(
        PAUL,
        choices[1]["action_id"],
        value=choices[1]["value"],
        block_id="evidence_for",
        message=picker,
    )
    assert _evidence(h, aid) == {second: ["https://wiki.example/x"]}
    [confirmed] = _in_thread(h, page)  # the picker, edited: no new message
    assert confirmed.ts == picker.ts
    assert confirmed.text.startswith(f"Evidence attached to {second}")
    assert not [b for b in confirmed.blocks if b["type"] == "actions"]
    assert "https://wiki.example/x" in str(_current(h, page).blocks)


def test_a_refused_link_in_a_reply_still_confirms_the_ones_attached_before_it(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    page, [first] = _page_owing(h, aid, 1)
    too_long = "https://wiki.example/" + "x" * 2100
    _reply(h, page, f"<https://wiki.example/spec|spec> and <{too_long}>", "Ev-4")
    said = sorted(m.text for m in _in_thread(h, page))
    assert said == [
        f":paperclip: Attached <https://wiki.example/spec|spec> as evidence for `{first}` (*{NAME}*).",
        ":warning: That link is longer than 2000 characters.",
    ]


def test_add_evidence_on_the_page_refreshes_it_and_posts_nothing(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    page, [first] = _page_owing(h, aid, 1)
    dms = len(told(h, PAUL))
    scenario.click(h, PAUL, "add_evidence", requirement=first)
    values = {"url": {"value": plain_text_value("https://wiki.example/req")}}
    assert h.users.view_submission(PAUL, "add_evidence", values).status == 200
    assert "https://wiki.example/req" in str(_current(h, page).blocks)
    assert len(told(h, PAUL)) == dms


def test_the_shortcut_confirms_in_its_modal_not_by_dm(started: tuple[Harness, int]) -> None:
    h, aid = started
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    first = scenario.open_questions(h, PAUL)[0]
    posted = h.slack.add_message(scenario.CHANNEL[0], PAUL, "Our runbook <https://x.example>")
    h.users.message_shortcut(PAUL, "attach_as_evidence", posted, channel_id=scenario.CHANNEL[0])
    dms = len(told(h, PAUL))
    values = {
        "requirement": {
            "value": {"type": "external_select", "selected_option": {"value": f"{aid}:{first}"}}
        }
    }
    assert h.users.view_submission(PAUL, "attach_message", values).status == 200
    modal = h.slack.open_modal(PAUL)
    assert modal is not None and f"as evidence for `{first}`" in str(modal.body["blocks"])
    assert len(told(h, PAUL)) == dms
    assert [e.requirement_id for e in view_of(h, aid).evidence] == [first]
    assert ":paperclip:" in str(_current(h, page).blocks)  # the page shows it


def test_with_many_to_choose_from_the_picker_is_a_menu(started_caict: tuple[Harness, int]) -> None:
    h, aid = started_caict
    scenario.click(h, PAUL, "continue")
    page = h.slack.messages(PAUL)[-1]
    questions = scenario.open_questions(h, PAUL)
    assert len(questions) == 6  # nothing answered, nothing owed: the whole page is offered
    _reply(h, page, "<https://wiki.example/all>", "Ev-5")
    [picker] = _in_thread(h, page)
    [menu] = [e for b in picker.blocks if b["type"] == "actions" for e in b["elements"]]
    assert menu["type"] == "static_select"
    h.users.block_action(
        PAUL,
        menu["action_id"],
        selected_option=menu["options"][2]["value"],
        block_id="evidence_for",
        message=picker,
    )
    assert _evidence(h, aid) == {questions[2]: ["https://wiki.example/all"]}
    assert _in_thread(h, page)[0].text.startswith(f"Evidence attached to {questions[2]}")


def test_chat_in_the_thread_gets_one_how_to_not_one_each(
    started_caict: tuple[Harness, int],
) -> None:
    h, aid = started_caict
    page, _ = _page_owing(h, aid, 1)
    _reply(h, page, "how do I add it?", "Ev-6")
    _reply(h, page, "thanks!", "Ev-7")
    assert [m.text for m in _in_thread(h, page)] == [
        "Reply with a link or attach a file and I'll add it as evidence "
        "(name the question's id if several owe it)."
    ]
