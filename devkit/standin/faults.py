"""Fault injection for the Slack stand-in: HTTP failures, slow answers and lost replies."""

from __future__ import annotations

import threading
from collections import defaultdict, deque

INJECTED_ERROR = "internal_error"


def _check_times(times: int) -> None:
    if times < 0:
        raise ValueError(f"times must be zero or more, not {times}")


def _check_seconds(seconds: float) -> None:
    if seconds < 0:
        raise ValueError(f"seconds must be zero or more, not {seconds}")


class Faults:
    """Faults queued per Web API method, consumed one per call; safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._http: defaultdict[str, deque[int]] = defaultdict(deque)
        self._delays: defaultdict[str, deque[float]] = defaultdict(deque)
        self._slow: dict[str, float] = {}
        self._drops: defaultdict[str, int] = defaultdict(int)
        self._in_flight: defaultdict[str, int] = defaultdict(int)
        self._released = threading.Event()

    # -- switches --------------------------------------------------------------------------

    def fail_http(self, method: str, status: int = 500, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP `status`, without acting."""
        if not 400 <= status <= 599:
            raise ValueError(f"an injected failure needs a 4xx or 5xx status, not {status}")
        _check_times(times)
        with self._lock:
            self._http[method].extend([status] * times)

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls of `method` wait `seconds` before being handled."""
        _check_seconds(seconds)
        _check_times(times)
        with self._lock:
            self._delays[method].extend([seconds] * times)

    def slow(self, method: str, seconds: float | None) -> None:
        """Make every call of `method` wait `seconds` before being handled (None: stop)."""
        with self._lock:
            if seconds is None:
                self._slow.pop(method, None)
            else:
                _check_seconds(seconds)
                self._slow[method] = seconds

    def drop_reply(self, method: str, times: int = 1) -> None:
        """Handle the next `times` calls of `method`, then close without answering."""
        _check_times(times)
        with self._lock:
            self._drops[method] += times

    def clear(self) -> None:
        """Forget every queued failure, delay, slowdown and drop (calls already waiting go on
        waiting)."""
        with self._lock:
            self._http.clear()
            self._delays.clear()
            self._slow.clear()
            self._drops.clear()

    # -- calls in progress -----------------------------------------------------------------

    def arrived(self, method: str) -> None:
        """A call of `method` came in (it may now wait, then be handled)."""
        with self._lock:
            self._in_flight[method] += 1

    def answered(self, method: str) -> None:
        """A call of `method` was handled and recorded (answered, or its reply dropped)."""
        with self._lock:
            self._in_flight[method] -= 1

    def in_flight(self, method: str | None = None) -> int:
        """Calls (of `method`) that came in and are not handled yet: waiting or being handled."""
        with self._lock:
            if method is None:
                return sum(self._in_flight.values())
            return self._in_flight.get(method, 0)

    # -- consulted by the server -----------------------------------------------------------

    def wait_before(self, method: str) -> float:
        """Wait (holding no lock) as long as `method` is slowed or delayed; return the wait."""
        with self._lock:
            queued = self._delays.get(method)
            seconds = self._slow.get(method, 0.0) + (queued.popleft() if queued else 0.0)
        if seconds > 0:
            self._released.wait(seconds)
        return seconds

    def take_http(self, method: str) -> int | None:
        """The HTTP status of the next injected failure of `method`, or None."""
        with self._lock:
            queued = self._http.get(method)
            return queued.popleft() if queued else None

    def take_drop(self, method: str) -> bool:
        """True if this call of `method` must go unanswered (consumes one drop)."""
        with self._lock:
            if self._drops.get(method, 0) <= 0:
                return False
            self._drops[method] -= 1
            return True

    def release(self) -> None:
        """End every wait now and skip later ones (the server is stopping)."""
        self._released.set()

    def rearm(self) -> None:
        """Make waits wait again (the server is starting)."""
        self._released.clear()
