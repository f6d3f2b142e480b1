"""Every kind of outbox message has a sender, and every sender a kind the outbox knows."""

from __future__ import annotations

from bot.delivery.senders import SENDERS
from questionnaire.outbox import KINDS


def test_every_kind_is_delivered() -> None:
    assert set(SENDERS) == set(KINDS.values())
