"""`/maturity language` through the real app: an admin sets the workspace's language, and
people whose Slack profile names none read it; everyone else keeps their own."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.slack.people import refresh_directory
from devkit.demo.harness import Harness

NO_LOCALE = "U0NOLOC"


def said(h: Harness, user_id: str, words: str) -> str:
    body: dict[str, Any] = h.users.slash_command(user_id, words).body
    return "\n".join(b["text"]["text"] for b in body.get("blocks", []) if "text" in b)


def test_an_admin_sets_the_language_of_people_without_one(harness: Harness) -> None:
    h = harness
    h.slack.add_user(NO_LOCALE, "noor", tz="UTC", locale="")
    # The directory knows everyone, as after the nightly users.list pass: who has no Slack
    # locale is known to have none. (Someone it has never seen reads the workspace's language
    # until Slack tells it theirs.)
    client = WebClient(token=h.slack.bot_token, base_url=h.slack.base_url)
    refresh_directory(client, h.services.uow, h.clock, h.team_id, pace_seconds=0)
    assert said(h, NO_LOCALE, "help").startswith("*Maturity Bot* runs")
    assert "No workspace language set" in said(h, NO_LOCALE, "language")

    refused = said(h, "U0EVE", "language zh")  # not an admin
    assert refused.startswith(":no_entry: Only an admin of this workspace can change its language")
    assert said(h, NO_LOCALE, "help").startswith("*Maturity Bot* runs")

    assert "now read 简体中文" in said(h, "U0ADMIN", "language zh-CN")  # in the admin's own
    assert said(h, NO_LOCALE, "help").startswith("*Maturity Bot* 在 Slack 中开展")
    assert said(h, NO_LOCALE, "language").startswith("本工作区语言：简体中文。")
    assert said(h, "U0EVE", "help").startswith("*Maturity Bot* runs")  # her Slack says en-US

    assert "I don't speak `fr` yet" in said(h, "U0ADMIN", "language fr")
    said(h, "U0ADMIN", "language off")
    assert said(h, NO_LOCALE, "help").startswith("*Maturity Bot* runs")
