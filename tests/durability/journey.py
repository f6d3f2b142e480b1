"""A journey played with signed requests, as people play it in Slack, and what they then see.

Works against any bot URL: a `serve` process or the in-process harness (`users` sends, `slack`
is the stand-in that shows what the bot posted)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from devkit.standin import Message, Response, SlackRequests, SlackStandIn, users_value
from devkit.standin.payloads import option_value, options_value, plain_text_value

from .process import wait_until

FRAMEWORK = "durable"
LEAD = "U0LEAD"


def role(n: int) -> str:
    return f"r{n}"


def requirement(n: int, question: int) -> str:
    """Requirement `question` (1-based) of role `n`: the first `questions` are on its first
    page (the first one needs evidence), the last one is alone on a second page."""
    return f"R{n}.{question}"


def write_framework(directory: Path, roles: int, questions: int) -> None:
    """A framework with `roles` roles, each owning one item of `questions` requirements and one
    item of one requirement: two pages per person."""

    def req(n: int, q: int, evidence: bool = False) -> dict[str, Any]:
        return {
            "id": requirement(n, q),
            "level": 1,
            "theme": "process",
            "text": f"Practice {q} of role {n} is in place.",
            "guidance": "Yes if you can show it.",
            "evidence": {"required": evidence, "examples": ["A link"]},
        }

    def item(n: int, part: str, reqs: list[dict[str, Any]]) -> dict[str, Any]:
        sub = {"id": f"S{n}{part}", "name": f"Practices {n}{part}", "requirements": reqs}
        return {"id": f"I{n}{part}", "name": f"Item {n}{part}", "role": role(n), "subitems": [sub]}

    items = []
    for n in range(1, roles + 1):
        items.append(item(n, "a", [req(n, q, evidence=q == 1) for q in range(1, questions + 1)]))
        items.append(item(n, "b", [req(n, questions + 1)]))
    framework = {
        "id": FRAMEWORK,
        "version": "1",
        "title": "Durability check",
        "levels": [{"number": 1, "key": "basic", "name": "Basic"}],
        "roles": [{"key": role(n), "name": f"Role {n}"} for n in range(1, roles + 1)],
        "domains": [{"id": "D", "name": "Everything", "items": items}],
    }
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{FRAMEWORK}.yaml").write_text(yaml.safe_dump(framework, sort_keys=False))


def add_people(slack: SlackStandIn, people: list[str], channels: list[str]) -> None:
    """The lead and `people` in the workspace; `channels` have them all (not the bot)."""
    for user_id in [LEAD, *people]:
        slack.add_user(user_id, user_id.lower(), tz="UTC")
    for channel in channels:
        slack.add_channel(channel, channel.lower(), members=[LEAD, *people], bot_member=False)


# -- what people do -------------------------------------------------------------------------


def open_start_modal(users: SlackRequests, slack: SlackStandIn, channel: str) -> str:
    """The lead runs `/maturity start`; the id of the modal the bot opens (after its ack)."""
    opened = len(slack.calls("views.open"))
    users.slash_command(LEAD, "start", channel_id=channel)
    slack.wait_for("views.open", opened + 1, timeout=5)
    modal = slack.open_modal(LEAD)
    assert modal is not None
    return modal.id


def start_values(name: str, channel: str, holders: list[list[str]]) -> dict[str, Any]:
    """What the lead fills in: name, framework, channel, and `holders[n]` for role n+1; every
    question asked (adaptive questioning unticked)."""
    values: dict[str, Any] = {
        "adaptive": {"value": options_value([])},
        "name": {"value": plain_text_value(name)},
        "project": {"value": plain_text_value(f"{name} project")},
        "framework": {"value": option_value(FRAMEWORK)},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": channel}},
    }
    for n, people in enumerate(holders, start=1):
        values[f"role:{role(n)}"] = {"users": users_value(people)}
    return values


def start_assessment(
    users: SlackRequests, slack: SlackStandIn, name: str, channel: str, holders: list[list[str]]
) -> Response:
    """The lead runs `/maturity start` and submits the modal."""
    view_id = open_start_modal(users, slack, channel)
    values = start_values(name, channel, holders)
    return users.view_submission(LEAD, "start_assessment", values, view_id=view_id)


def click_start(users: SlackRequests, slack: SlackStandIn, user_id: str) -> Response:
    """Start on the person's newest intro (or reminder), once it has arrived."""
    wait_until(lambda: slack.messages_in(user_id), 5, f"{user_id}'s intro")
    message = newest(slack, user_id, lambda m: _element(m, "continue") is not None)
    block_id, element = _element(message, "continue") or ("", {})
    return users.block_action(
        user_id, "continue", value=element["value"], block_id=block_id, message=message
    )


def answer(
    users: SlackRequests,
    slack: SlackStandIn,
    user_id: str,
    requirement_id: str,
    choice: str = "met",
) -> Response:
    """Click an answer to a question on the newest page that shows it."""
    block_id = f"a:{requirement_id}"
    page = newest(slack, user_id, lambda m: any(b.get("block_id") == block_id for b in m.blocks))
    action_id = f"answer:{choice}"
    button = _element(page, action_id, block_id)
    assert button is not None, f"no {action_id} for {requirement_id}"
    return users.block_action(
        user_id, action_id, value=button[1]["value"], block_id=block_id, message=page
    )


def answer_when_shown(
    users: SlackRequests,
    slack: SlackStandIn,
    user_id: str,
    requirement_id: str,
    choice: str = "met",
) -> None:
    """Wait for a page asking `requirement_id` (it may still be on its way), then answer it."""
    wait_until(
        lambda: any(requirement_id in shown(p) for p in pages(slack, user_id)),
        5,
        f"{user_id}'s page with {requirement_id}",
    )
    assert answer(users, slack, user_id, requirement_id, choice).status == 200


def reply_with_link(
    users: SlackRequests,
    slack: SlackStandIn,
    user_id: str,
    requirement_id: str,
    url: str,
    event_id: str | None = None,
) -> Response:
    """Reply with a link, naming `requirement_id`, in the thread of the newest page showing it."""
    page = [p for p in pages(slack, user_id) if requirement_id in shown(p)][-1]
    event = {
        "type": "message",
        "channel": page.channel,
        "channel_type": "im",
        "user": user_id,
        "text": f"{requirement_id}: <{url}>",
        "ts": f"{float(page.ts) + 0.5:.6f}",
        "thread_ts": page.ts,
    }
    return users.event(event, event_id=event_id)


# -- what they see --------------------------------------------------------------------------


def newest(slack: SlackStandIn, user_id: str, wanted: Callable[[Message], bool]) -> Message:
    """The newest top-level message in the person's DM for which `wanted(message)` holds."""
    found = [m for m in slack.messages_in(user_id) if not m.thread_ts and wanted(m)]
    assert found, f"{user_id} has no such message"
    return found[-1]


def pages(slack: SlackStandIn, user_id: str) -> list[Message]:
    """Question pages in the person's DM, oldest first (each as it stands now)."""
    return [
        m
        for m in slack.messages_in(user_id)
        if any(b.get("block_id", "").startswith("a:") for b in m.blocks)
    ]


def chosen(page: Message) -> dict[str, str]:
    """Requirement -> the answer a page shows as chosen (its primary button)."""
    return {
        block["block_id"][2:]: element["action_id"].split(":", 1)[1]
        for block in page.blocks
        if block.get("block_id", "").startswith("a:")
        for element in block.get("elements", [])
        if element.get("style") == "primary" and element["action_id"].startswith("answer:")
    }


def shown(page: Message) -> list[str]:
    """Requirements a page asks."""
    return [b["block_id"][2:] for b in page.blocks if b.get("block_id", "").startswith("a:")]


def _element(
    message: Message, action_id: str, block_id: str | None = None
) -> tuple[str, dict[str, Any]] | None:
    for block in message.blocks:
        if block.get("type") != "actions" or block_id not in (None, block.get("block_id")):
            continue
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return block.get("block_id", ""), element
    return None
