"""`/maturity portfolio`: the Block Kit message (valid, escaped, within Slack's limits) and the
command, ephemeral or posted to the channel it was run in."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block

from bot.blocks.common import MESSAGE_BLOCKS_MAX, SECTION_MAX
from bot.blocks.portfolio import portfolio_message
from bot.config.services import Services
from bot.listeners.commands.portfolio import do_portfolio
from bot.listeners.invocation import Invocation, parse
from devkit.standin import SlackStandIn
from questionnaire.readmodels.portfolio import Portfolio, read_portfolio
from tests.fakes import MemoryStore
from tests.summary.conftest import CHANNEL, LEAD

from .seeding import TEAM, seed_projects


def _portfolio(store: MemoryStore) -> Portfolio:
    seed_projects(store.uow_factory())
    found, used = read_portfolio(store.uow_factory(), TEAM, None)
    assert found is not None and used == ["caict-mlops-dev-mgmt"]
    return found


def _valid(payload: dict[str, Any]) -> str:
    """Check the blocks as slack_sdk would; the message's visible text."""
    assert len(payload["blocks"]) <= MESSAGE_BLOCKS_MAX
    for block in Block.parse_all(payload["blocks"]):
        assert block is not None
        block.validate_json()
    texts = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert all(len(t) <= SECTION_MAX for t in texts)
    contexts = [
        e["text"] for b in payload["blocks"] if b["type"] == "context" for e in b["elements"]
    ]
    return "\n".join(contexts + texts)


def test_each_project_is_a_row_of_coloured_levels_escaped(store: MemoryStore) -> None:
    text = _valid(portfolio_message(_portfolio(store)))
    assert "*Churn &lt;b&gt;model&lt;/b&gt;* · overall 🟨*3* (target 3)" in text
    assert "*fraud DETECTION* · overall 🟧*2*▲1 (target 3) · Fraud 2026, _provisional_" in text
    assert "🟧2▲1 " * 9 + "🟧2▲1" in text
    assert "⬜0 below 1 🟥1 Basic 🟧2 Professional 🟨3 Leading" in text
    assert "`RM.DA` Demand Analysis" in text
    assert "<b>" not in text


def test_many_projects_stay_within_slack_limits_and_say_how_many_more(store: MemoryStore) -> None:
    found = _portfolio(store)
    many = tuple(replace(found.projects[0], project=f"Project {n:03}") for n in range(130))
    text = _valid(portfolio_message(replace(found, projects=many)))
    assert "Project 039" in text and "Project 040" not in text
    assert "…and 90 more: see the report" in text


def _command(standin: SlackStandIn, text: str) -> Invocation:
    response_url = standin.response_url(CHANNEL, LEAD)
    return parse(
        {
            "team_id": TEAM,
            "user_id": LEAD,
            "channel_id": CHANNEL,
            "text": text,
            "response_url": response_url,
        }
    )


def test_the_command_acks_then_answers_the_requester_only_or_posts_with_post(
    services: Services, client: WebClient, standin: SlackStandIn, store: MemoryStore
) -> None:
    seed_projects(store.uow_factory())
    acks: list[dict[str, Any]] = []
    do_portfolio(services, client, _command(standin, "portfolio"), lambda **kw: acks.append(kw))
    assert acks[0]["text"] == "Gathering every project's latest assessment just for you…"
    (reply,) = standin.messages(CHANNEL)
    assert reply.ephemeral_to == LEAD  # through the response_url: works where the bot is not
    assert "Churn &lt;b&gt;model&lt;/b&gt;" in _valid({"blocks": reply.blocks})

    do_portfolio(
        services, client, _command(standin, "portfolio --post"), lambda **kw: acks.append(kw)
    )
    assert acks[1]["text"] == f"Gathering every project's latest assessment to <#{CHANNEL}>…"
    posted = [m for m in standin.messages(CHANNEL) if not m.is_ephemeral]
    assert [m.blocks for m in posted] == [reply.blocks]


def test_an_unknown_framework_lists_the_ones_in_use(
    services: Services, client: WebClient, standin: SlackStandIn, store: MemoryStore
) -> None:
    seed_projects(store.uow_factory())
    do_portfolio(services, client, _command(standin, "portfolio nope"), lambda **kw: None)
    (reply,) = standin.messages(CHANNEL)
    assert reply.text == (
        "No assessments of `nope` in this workspace yet. Assessed: `caict-mlops-dev-mgmt`."
    )
