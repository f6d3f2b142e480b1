"""What the running bot reports about itself (requests, Slack calls, database errors, sweeps).

The wiring calls an `Observer`; `bot/runtime/metrics.py` implements it for GET /metrics, and
everything else (scripts, tests, the demo) gets `NO_OBSERVER`, which counts nothing."""

from __future__ import annotations

from typing import Protocol


class Observer(Protocol):
    def request(self, surface: str, seconds: float, *, acked: bool) -> None:
        """One Slack request, from its arrival until its ack (or refusal)."""

    def slack_call(self, method: str, *, rate_limited: bool) -> None:
        """One attempt of a Web API call; `rate_limited` when Slack answered 429."""

    def database_error(self) -> None:
        """A database statement or connection failed."""

    def sweep(self, seconds: float, reminders_sent: int) -> None:
        """One reminder sweep ran for `seconds` and queued `reminders_sent` reminders."""


class _Nothing:
    """Counts nothing."""

    def request(self, surface: str, seconds: float, *, acked: bool) -> None:
        pass

    def slack_call(self, method: str, *, rate_limited: bool) -> None:
        pass

    def database_error(self) -> None:
        pass

    def sweep(self, seconds: float, reminders_sent: int) -> None:
        pass


NO_OBSERVER: Observer = _Nothing()
