"""Each reader's locale, remembered for a minute: it is needed for every request and every
delivery, and it changes only when Slack reports a profile change or an admin sets the
workspace's language (both forget it here at once; other processes see it within a minute)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

TTL_SECONDS = 60.0
MAX_ENTRIES = 50_000  # a bound, not a tuning knob: a full cache simply starts afresh


class ReaderLocales:
    def __init__(self, ttl: float = TTL_SECONDS, now: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._now = now
        self._known: dict[tuple[str, str], tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get(self, team_id: str, user_id: str, load: Callable[[], str]) -> str:
        """The remembered locale, else `load()`'s (then remembered)."""
        key = (team_id, user_id)
        now = self._now()
        with self._lock:
            found = self._known.get(key)
        if found is not None and found[0] > now:
            return found[1]
        locale = load()
        with self._lock:
            if len(self._known) >= MAX_ENTRIES:
                self._known.clear()
            self._known[key] = (now + self._ttl, locale)
        return locale

    def forget(self, team_id: str, user_id: str | None = None) -> None:
        """Forget one person's locale, or everyone's in the workspace."""
        with self._lock:
            if user_id is not None:
                self._known.pop((team_id, user_id), None)
            else:
                for key in [k for k in self._known if k[0] == team_id]:
                    del self._known[key]
