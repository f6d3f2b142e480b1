"""Something done at a deadline unless the work it watches ends first: a click, a modal's
submission or a slash command is acknowledged before Slack gives up on it, however long its use
case runs (a modal then says "still working", its answer following by views.update: see
`bot.listeners.modal_errors.Reply`; a command says "working on it", its answer following through
its response_url: `bot.listeners.invocation.CommandReply`; `Answer` decides which comes first).

A click's use case runs before its ack, so that what it saved and what it owes are committed
before Slack hears back (a crash after the ack loses nothing). Slack waits three seconds for the
ack, then shows the person an error, although their answer may be saved a moment later. Under
heavy load (a database lock held long, two busy cores) a use case can run that long: then the
ack goes first, `ACK_SECONDS` after the request came in (`received`), and the use case still
finishes, commits and delivers as usual (a refusal or an error after it is still told to the
person in an ephemeral note; a crash before the commit shows as a page that did not change).
One thread serves every deadline of the process; it starts with the first watch and ends after
a minute with nothing watched.
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

ACK_SECONDS = 2.5  # Slack shows an error 3 s after a click without an ack
IDLE_SECONDS = 60.0  # the thread ends after as long with nothing watched
# After an ack at the deadline, how long before a later answer may follow it: the ack travels
# in the HTTP response, and an answer that reached Slack first would be overwritten by it.
SETTLE_SECONDS = 1.0


def once(action: Callable[[], object]) -> Callable[[], None]:
    """`action`, done by whichever caller comes first and by nobody after (a click's ack, from
    its deadline or from the listener)."""
    lock = threading.Lock()
    done = False

    def first() -> None:
        nonlocal done
        with lock:
            if done:
                return
            done = True
        action()

    return first


_RECEIVED: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "request_received", default=None
)


@contextmanager
def received() -> Iterator[None]:
    """Mark the code inside as handling a request that came in now: a deadline watched inside
    counts from here (Slack's three seconds run from its sending, not from the listener)."""
    token = _RECEIVED.set(time.monotonic())
    try:
        yield
    finally:
        _RECEIVED.reset(token)


@dataclass(slots=True)
class _Watch:
    action: Callable[[], object]
    what: str
    context: contextvars.Context  # the watcher's: its log lines name the request
    ended: bool = False

    def end(self) -> None:
        self.ended = True  # the deadlines' thread drops it when its time comes


class Deadlines:
    """Runs a watched action at its deadline, unless the watched block ended first. With
    `seconds` None, never: where the HTTP response leaves only after the listener returned
    (`process_before_response`: the demo, deterministic tests), an early ack reaches Slack no
    sooner, and an answer sent after it would arrive before it."""

    def __init__(self, seconds: float | None = ACK_SECONDS) -> None:
        self.seconds = seconds
        self._due: list[tuple[float, int, _Watch]] = []  # a heap: the nearest deadline first
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    @contextmanager
    def watching(self, action: Callable[[], object], what: str = "a request") -> Iterator[None]:
        """Run `action` (once, on the deadlines' thread) if the block is still running
        `seconds` after its request came in (see `received`), or else after it began."""
        end = self.watch(action, what)
        try:
            yield
        finally:
            end()

    def watch(self, action: Callable[[], object], what: str = "a request") -> Callable[[], None]:
        """Run `action` at the deadline unless the function returned is called first (`watching`
        for work that ends elsewhere than where it began)."""
        watch = _Watch(action, what, contextvars.copy_context())
        if self.seconds is None:
            return watch.end
        began = _RECEIVED.get() or time.monotonic()
        with self._changed:
            entry = (began + self.seconds, next(self._order), watch)
            heapq.heappush(self._due, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)
                self._thread.start()
            elif self._due[0] is entry:  # the nearest deadline now, or the thread idles
                self._changed.notify()
        return watch.end

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._due or self._due[0][0] > time.monotonic():
                    if self._due:
                        self._changed.wait(self._due[0][0] - time.monotonic())
                    elif not self._changed.wait(IDLE_SECONDS) and not self._due:
                        self._thread = None  # nothing watched for a while: the next watch
                        return  # starts a thread again
                _, _, watch = heapq.heappop(self._due)
            if not watch.ended:
                watch.context.run(self._act, watch)

    def _act(self, watch: _Watch) -> None:
        log.warning("%s still ran after %g s: acting at its deadline", watch.what, self.seconds)
        try:
            watch.action()
        except Exception:  # the watched work goes on; the next deadline too
            log.exception("the deadline action of %s failed", watch.what)


class Answer:
    """Who answers a request that may outlast Slack's wait: its listener, in time, or the
    deadline; decided once, under a lock. `watch` starts the deadline (`at_deadline` runs
    then, unless the listener answered); `first` is the listener's turn: True when it answers
    in time, False when the deadline did already (it then answers some other way) or when it
    answered before. After a failure, `first` too: no deadline answer after it."""

    def __init__(self, at_deadline: Callable[[], object]) -> None:
        self._at_deadline = at_deadline
        self._lock = threading.Lock()
        self._answered = False
        self.late = False  # the deadline answered
        self._sent = threading.Event()  # the deadline's answer was handed on
        self._sent_at = 0.0
        self._end: Callable[[], None] = lambda: None

    def watch(self, deadlines: Deadlines, what: str) -> None:
        self._end = deadlines.watch(self._deadline, what)

    def first(self) -> bool:
        with self._lock:
            first, self._answered = not self._answered, True
        self._end()
        return first

    def settle(self) -> None:
        """Wait until the deadline's answer is surely on its way: handed on, then
        SETTLE_SECONDS for the HTTP response to reach Slack."""
        self._sent.wait(SETTLE_SECONDS * 5)
        time.sleep(max(0.0, self._sent_at + SETTLE_SECONDS - time.monotonic()))

    def _deadline(self) -> None:
        with self._lock:
            if self._answered:
                return
            self._answered = self.late = True
        try:
            self._at_deadline()
        finally:
            self._sent_at = time.monotonic()
            self._sent.set()
