"""Small things read for every request and rarely changed, remembered in-process for a while:
whoever changes one forgets it here at once; other processes see the change within the TTL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

MAX_ENTRIES = 50_000  # a bound, not a tuning knob: a full cache simply starts afresh

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Remembered(Generic[K, V]):
    def __init__(self, ttl: float, now: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._now = now
        self._known: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K, load: Callable[[], V]) -> V:
        """The remembered value, else `load()`'s (then remembered)."""
        now = self._now()
        with self._lock:
            found = self._known.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = load()
        with self._lock:
            if len(self._known) >= MAX_ENTRIES:
                self._known.clear()
            self._known[key] = (now + self._ttl, value)
        return value

    def discard(self, key: K) -> None:
        """Forget the value remembered for `key`, if any."""
        with self._lock:
            self._known.pop(key, None)

    def forget(self, where: Callable[[K], bool]) -> None:
        """Forget every remembered value whose key `where` accepts."""
        with self._lock:
            for key in [k for k in self._known if where(k)]:
                del self._known[key]
