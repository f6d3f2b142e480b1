"""The Slack notifier: implements the reminder sweep's notifier port with paced DMs."""

from __future__ import annotations

import time
from collections.abc import Sequence

from slack_sdk import WebClient

from questionnaire.reminders import Digest, Escalation, OverdueNotice

from .blocks import reminders
from .slack_io import post


class SlackNotifier:
    """Sends reminder DMs; paces itself so a sweep over many people stays inside rate limits."""

    def __init__(self, client: WebClient, locale: str = "en", min_interval: float = 0.0) -> None:
        self._client = client
        self._locale = locale
        self._min_interval = min_interval
        self._last = 0.0

    def _pace(self) -> None:
        wait = self._last + self._min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()

    def send_digest(self, team_id: str, user_id: str, digest: Digest) -> None:
        self._pace()
        post(self._client, user_id, reminders.digest(digest, self._locale))

    def send_escalations(
        self, team_id: str, lead_id: str, escalations: Sequence[Escalation]
    ) -> None:
        self._pace()
        post(self._client, lead_id, reminders.escalations(escalations))

    def send_overdue(self, team_id: str, lead_id: str, notice: OverdueNotice) -> None:
        self._pace()
        post(self._client, lead_id, reminders.overdue(notice))
