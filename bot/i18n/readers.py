"""Each reader's locale, remembered for a minute: it is needed for every request and every
delivery, and it changes only when Slack reports a profile change or an admin sets the
workspace's language (both forget it here at once; other processes see it within a minute)."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.remembered import Remembered

TTL_SECONDS = 60.0


class ReaderLocales:
    def __init__(self, ttl: float = TTL_SECONDS, now: Callable[[], float] = time.monotonic) -> None:
        self._locales: Remembered[tuple[str, str], str] = Remembered(ttl, now)

    def get(self, team_id: str, user_id: str, load: Callable[[], str]) -> str:
        """The remembered locale, else `load()`'s (then remembered)."""
        return self._locales.get((team_id, user_id), load)

    def forget(self, team_id: str, user_id: str | None = None) -> None:
        """Forget one person's locale, or everyone's in the workspace."""
        if user_id is not None:
            self._locales.discard((team_id, user_id))
        else:
            self._locales.forget(lambda key: key[0] == team_id)
