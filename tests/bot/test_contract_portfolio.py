"""`/maturity portfolio` through the real app: acknowledged at once, the portfolio after the ack
through the command's response_url, in valid Block Kit (the stand-in rejects what Slack would)."""

from __future__ import annotations

from devkit.demo import scenario
from devkit.demo.harness import Harness
from questionnaire.registry import FrameworkRegistry
from tests.durability.process import wait_until

LEAD = scenario.LEAD[0]
TITLE = FrameworkRegistry().get("mlops-quickcheck").title.en


def test_the_portfolio_follows_the_ack(started: tuple[Harness, int]) -> None:
    harness, _ = started
    acked = harness.users.slash_command(LEAD, "portfolio", channel_id=scenario.CHANNEL[0])
    assert acked.status == 200
    assert "Gathering every project's latest assessment just for you" in str(acked.body)

    def replied() -> list[str]:
        return [
            str(m.blocks)
            for m in harness.slack.messages(scenario.CHANNEL[0])
            if m.source == "response_url" and m.ephemeral_to == LEAD
        ]

    (reply,) = wait_until(replied, 5, "the portfolio through the response_url")
    assert f"Portfolio: {TITLE}" in reply
    assert "overall ⬜*0* (target" in reply  # nothing answered yet
