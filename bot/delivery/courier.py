"""The courier: delivers outbox entries right after the commit that queued them, and in a loop
for whatever a crash, a Slack error or a lost reply left behind.

Every process runs the same loop; a claim (a lease in the database) makes sure each entry is
delivered by one of them at a time, and a delivered entry is never delivered again."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from questionnaire.outbox import Envelope, Priority

from ..services import Services
from ..slack_io import error_code, transient
from .job import Job
from .senders import send

log = logging.getLogger(__name__)
BATCH = 20  # entries claimed at once by a drain that does everything (tests, `remind --now`)
MAX_ATTEMPTS = 30  # about a day of backoff; then the entry is given up (and logged)
BACKOFF_CAP_SECONDS = 3600
# chat.postMessage allows about one message per second per channel, and every reminder goes to a
# different DM; the workspace-wide ceiling is a few hundred a minute. Five scheduled messages a
# second stay under it, and a 429 is still waited out (Retry-After) by the client's retry handler.
PACE_SECONDS = 0.2


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`th failed try: 2 s, 4 s, 8 s ... up to an hour."""
    return timedelta(seconds=min(2**attempts, BACKOFF_CAP_SECONDS))


class Courier:
    """Delivers the outbox with `client`. `synchronous` (tests, the demo) delivers inside
    `kick()`; otherwise worker threads do, so a listener never waits for Slack."""

    def __init__(
        self,
        services: Services,
        client: WebClient,
        *,
        synchronous: bool = False,
        pace_seconds: float = 0.0,
    ) -> None:
        self.services = services
        self.client = client
        self.synchronous = synchronous
        settings = services.settings
        self._workers = settings.delivery_workers
        self._poll = settings.delivery_poll_seconds
        self._lease = timedelta(seconds=settings.delivery_lease_seconds)
        self._pace = pace_seconds  # between scheduled messages (reminders), per process
        self._pace_lock = threading.Lock()
        self._last_paced = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._local = threading.local()

    # -- when to deliver -------------------------------------------------------------------

    def kick(self) -> None:
        """Something was queued: deliver it now (synchronous) or wake the workers."""
        if self.synchronous:
            if not getattr(self._local, "draining", False):  # a sender's follow-ups: same loop
                self.drain()
        else:
            self._wake.set()

    def start(self) -> None:
        """Start the worker threads: each delivers when kicked, and looks for leftovers (after a
        crash, or due for a retry) every `delivery_poll_seconds`. The first also takes the paced
        scheduled messages (reminders, digests), in batches; the others only what people wait
        for, one entry at a time, so a reminder sweep never holds up someone's next page."""
        for n in range(self._workers):
            lane = (Priority.SCHEDULED, BATCH) if n == 0 else (Priority.SOON, 1)
            thread = threading.Thread(
                target=self._work, args=lane, name=f"courier-{n}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the workers; what they hold is released when its lease ends."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def _work(self, priority_max: Priority, batch: int) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._poll)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.drain(priority_max=priority_max, batch=batch)
            except Exception:  # the database is down, say: try again at the next poll
                log.exception("delivery loop failed; retrying in %.0f s", self._poll)

    # -- delivering ------------------------------------------------------------------------

    def drain(
        self,
        limit: int | None = None,
        *,
        priority_max: Priority = Priority.SCHEDULED,
        batch: int = BATCH,
    ) -> int:
        """Deliver due entries up to `priority_max` until none is left (or `limit` were tried),
        claiming `batch` at a time; how many were sent."""
        self._local.draining = True
        sent = tried = 0
        try:
            while limit is None or tried < limit:
                size = batch if limit is None else min(batch, limit - tried)
                claimed = self._claim(size, priority_max)
                if not claimed:
                    return sent
                for envelope in claimed:
                    tried += 1
                    sent += self._deliver(envelope)
        finally:
            self._local.draining = False
        return sent

    def _claim(self, limit: int, priority_max: Priority) -> list[Envelope]:
        now = self.services.clock.now()
        with self.services.uow() as uow:
            claimed = uow.outbox.claim(now, now + self._lease, limit, int(priority_max))
            uow.commit()
        return claimed

    def _deliver(self, envelope: Envelope) -> int:
        """Send one entry and record the outcome; 1 when it was delivered."""
        if envelope.message.priority is Priority.SCHEDULED:
            self._wait_for_pace()
        job = Job(self.services, self.client, envelope)
        try:
            posted = send(job)
        except SlackApiError as exc:
            return self._failed(envelope, error_code(exc), permanent=not transient(exc))
        except (URLError, OSError) as exc:  # timeouts, resets, lost replies
            return self._failed(envelope, f"connection: {exc}", permanent=False)
        except Exception as exc:  # a bug or a database error: retry, and make it loud
            log.exception("delivering outbox entry %s (%s) failed", envelope.id, envelope.key)
            return self._failed(envelope, f"{type(exc).__name__}: {exc}", permanent=False)
        with self.services.uow() as uow:
            done = uow.outbox.finish(
                envelope.id,
                envelope.version,
                self.services.clock.now(),
                posted.channel if posted else None,
                posted.ts if posted else None,
            )
            uow.commit()
        return 1 if done else 0  # replaced meanwhile: due again, and this loop takes it next

    def _failed(self, envelope: Envelope, error: str, *, permanent: bool) -> int:
        give_up = permanent or envelope.attempts >= MAX_ATTEMPTS
        now = self.services.clock.now()
        log.log(
            logging.ERROR if give_up else logging.WARNING,
            "outbox entry %s (%s) not delivered, attempt %d: %s%s",
            envelope.id,
            envelope.key,
            envelope.attempts,
            error,
            "; giving up" if give_up else "; will retry",
        )
        with self.services.uow() as uow:
            uow.outbox.retry(envelope.id, now + backoff(envelope.attempts), error, give_up=give_up)
            uow.commit()
        return 0

    def _wait_for_pace(self) -> None:
        with self._pace_lock:
            wait = self._last_paced + self._pace - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_paced = time.monotonic()
