"""Use-case messages in plain-text surfaces (modal errors): mentions become names, nothing escaped."""

from __future__ import annotations

from bot.slack.mrkdwn import plain_mentions

NAMES = {"U0LENA": "Lena", "W0GRID": "Grid user"}


def test_mentions_become_names_and_the_rest_stays_as_written() -> None:
    message = "Only the lead of “Q4 & <beta>” (<@U0LENA>) or an admin can close it."
    assert plain_mentions(message, NAMES.get) == (
        "Only the lead of “Q4 & <beta>” (@Lena) or an admin can close it."
    )


def test_labelled_unknown_and_enterprise_mentions() -> None:
    text = "<@W0GRID>, <@U0ANNA|anna> and <@U0NOBODY> and <#C0CHAN> and <!channel>"
    assert plain_mentions(text, NAMES.get) == (
        "@Grid user, @anna and a teammate and <#C0CHAN> and <!channel>"
    )
