"""The courier: delivers outbox entries right after the commit that queued them, and in a loop
for whatever a crash, a Slack error or a lost reply left behind.

Every process runs the same loop; a claim (a lease in the database) makes sure each entry is
delivered by one of them at a time, and a delivered entry is never delivered again. A worker
claims one entry at a time, so a burst is shared by every worker (and process), and its lease is
renewed while it works, so only a dead process's claims run out, however slow Slack is."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config.services import Services
from bot.delivery.job import Job
from bot.delivery.senders import send
from bot.slack.webapi import error_code, transient
from bot.slack.workspaces import SingleToken, Workspaces, workspaces_of
from questionnaire.outbox import Envelope, Handover, Priority, handing_over
from questionnaire.usecases.context import AssessmentView

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 30  # about a day of backoff; then the entry is given up (and logged)
BACKOFF_CAP_SECONDS = 3600
# chat.postMessage allows about one message per second per channel, and every reminder goes to a
# different DM; the workspace-wide ceiling is a few hundred a minute. Five scheduled messages a
# second stay under it, and a 429 is still waited out (Retry-After) by the client's retry handler.
PACE_SECONDS = 0.2
# An entry of a workspace the app is not installed in (any more) is given up, not kept: it was
# queued before an uninstall, and a later install must not receive stale messages.
NOT_INSTALLED = "not_installed: the app is not installed in this workspace"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`th failed try: 2 s, 4 s, 8 s ... up to an hour."""
    return timedelta(seconds=min(2**attempts, BACKOFF_CAP_SECONDS))


class Courier:
    """Delivers the outbox, each entry with its workspace's client. `synchronous` (tests, the
    demo) delivers inside `kick()`; otherwise worker threads do, so a listener never waits for
    Slack."""

    def __init__(
        self,
        services: Services,
        workspaces: Workspaces | WebClient,
        *,
        synchronous: bool = False,
        pace_seconds: float = 0.0,
    ) -> None:
        self.services = services
        self.workspaces = workspaces_of(workspaces)  # a client alone: one workspace
        # The workspaces whose entries this courier delivers: all of them, unless `scope_to`
        # narrowed it to a single token's own (two deployments may share a database).
        self.scope: list[str] | None = None
        self.synchronous = synchronous
        settings = services.settings
        self._workers = settings.delivery_workers
        self._poll = settings.delivery_poll_seconds
        self._lease = timedelta(seconds=settings.delivery_lease_seconds)
        self._pace = pace_seconds  # between scheduled messages (reminders), per process
        self._pace_lock = threading.Lock()
        self._last_paced = 0.0
        # One permit per kick: a kick wakes one worker (which drains until nothing is left),
        # not all of them at once to race for the same entry (on SQLite, for its write lock).
        self._wake = threading.Semaphore(0)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._local = threading.local()
        self._held: dict[int, datetime] = {}  # entries being delivered here -> their lease
        self._handed_pool: ThreadPoolExecutor | None = None  # see deliver_handed
        self._inline = threading.BoundedSemaphore(max(1, settings.listener_threads // 2))
        self._held_lock = threading.Lock()

    def scope_to(self, workspaces: Workspaces) -> None:
        """Deliver only the entries of the single token's own workspace, once it is known (see
        `own_workspace`): a deployment sharing its database with another must not deliver the
        other's messages with its token, nor give them up as not installed."""
        if isinstance(workspaces, SingleToken) and workspaces.team_id is not None:
            self.workspaces, self.scope = workspaces, [workspaces.team_id]

    @property
    def pace(self) -> timedelta:
        """How far apart scheduled messages (reminders) go out."""
        return timedelta(seconds=self._pace)

    # -- when to deliver -------------------------------------------------------------------

    def kick(self) -> None:
        """Something was queued: deliver it now (synchronous) or wake a worker."""
        if self.synchronous:
            if not getattr(self._local, "draining", False):  # a sender's follow-ups: same loop
                self.drain()
        else:
            self._wake.release()

    def start(self) -> None:
        """Start the worker threads: each delivers when kicked, and looks for leftovers (after a
        crash, or due for a retry) every `delivery_poll_seconds`; and the thread that renews
        the leases of what they deliver. The first worker also takes the paced scheduled
        messages (reminders, digests); the others only what people wait for, so a reminder
        sweep never holds up someone's next page."""
        lanes = [Priority.SCHEDULED if n == 0 else Priority.SOON for n in range(self._workers)]
        threads = [
            threading.Thread(target=self._work, args=(lane,), name=f"courier-{n}", daemon=True)
            for n, lane in enumerate(lanes)
        ]
        threads.append(
            threading.Thread(target=self._keep_leases, name="courier-leases", daemon=True)
        )
        for thread in threads:
            thread.start()
            self._threads.append(thread)
        self._handed_pool = ThreadPoolExecutor(self._workers, thread_name_prefix="courier-handed")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the workers; what they hold is released when its lease ends."""
        self._stop.set()
        self._wake.release(len(self._threads))
        for thread in self._threads:
            thread.join(timeout)
        if self._handed_pool is not None:
            self._handed_pool.shutdown(wait=False, cancel_futures=True)
            self._handed_pool = None

    def _work(self, priority_max: Priority) -> None:
        while not self._stop.is_set():
            self._wake.acquire(timeout=self._poll)
            if self._stop.is_set():
                return
            try:
                self.drain(priority_max=priority_max)
            except Exception:  # the database is down, say: try again at the next poll
                log.exception("delivery loop failed; retrying in %.0f s", self._poll)

    @contextmanager
    def handing_over(self) -> Iterator[Handover]:
        """What a request queues inside this block for someone waiting is queued claimed by
        this process, for `deliver_handed` to send right after the ack: no claim statement
        between the click and its page."""
        with handing_over(self._lease) as handover:
            yield handover

    def deliver_handed(self, handover: Handover | None, seen: AssessmentView | None = None) -> int:
        """Deliver what `handing_over` held, in the order it was queued (its leases renewed
        while it is sent, as a claimed entry's), its pages drawn from `seen` (the assessment as
        the request's transaction committed it) when given: here, in the request's thread,
        while no more than half the listener threads are doing so, else on a delivery thread
        (a slow Slack never holds every listener thread: the others still ack the next
        requests). How many were sent here (0 when handed to a delivery thread). What fails is
        retried by the loop, as any delivery."""
        if handover is None or handover.until is None:
            return 0
        envelopes, handover.envelopes = handover.envelopes, []
        with self._held_lock:  # all of them: the last may wait behind the others' Slack calls
            self._held.update((envelope.id, handover.until) for envelope in envelopes)
        pool = self._handed_pool
        if pool is None:
            return self._send_handed(envelopes, seen)
        if self._inline.acquire(blocking=False):
            try:
                return self._send_handed(envelopes, seen)
            finally:
                self._inline.release()
        pool.submit(self._send_handed, envelopes, seen)
        return 0

    def _send_handed(self, envelopes: list[Envelope], seen: AssessmentView | None) -> int:
        sent = 0
        try:
            for envelope in envelopes:
                sent += self._deliver_held(envelope, seen)
        except Exception:  # the database is down, say: the loop retries once the lease ends
            log.exception("delivering what a request handed over failed")
        finally:  # what a failure left undelivered: its lease is no longer renewed here
            with self._held_lock:
                for envelope in envelopes:
                    self._held.pop(envelope.id, None)
        return sent

    # -- delivering ------------------------------------------------------------------------

    def drain(
        self, limit: int | None = None, *, priority_max: Priority = Priority.SCHEDULED
    ) -> int:
        """Deliver due entries up to `priority_max`, one claim at a time, until none is left
        (or `limit` were tried); how many were sent."""
        self._local.draining = True
        sent = tried = 0
        try:
            while limit is None or tried < limit:
                envelope = self._claim(priority_max)
                if envelope is None:
                    return sent
                tried += 1
                sent += self._deliver_held(envelope)
        finally:
            self._local.draining = False
        return sent

    def _claim(self, priority_max: Priority) -> Envelope | None:
        """The next due entry, claimed for this worker (one: the others take the rest)."""
        now = self.services.clock.now()
        with self.services.reader() as uow:  # one statement: no transaction around it
            claimed = uow.outbox.claim(
                now, now + self._lease, 1, int(priority_max), team_ids=self.scope
            )
            uow.commit()
        if not claimed:
            return None
        with self._held_lock:
            self._held[claimed[0].id] = now + self._lease
        return claimed[0]

    def _keep_leases(self) -> None:
        """Renew the leases of the entries being delivered, three times a lease: a delivery
        slower than the lease (a slow Slack, a rate limit) is not taken over while it runs."""
        while not self._stop.wait(self._lease.total_seconds() / 3):
            try:
                self.renew_leases()
            except Exception:  # the database is down, say: try again at the next renewal
                log.exception("renewing delivery leases failed")

    def renew_leases(self) -> None:
        """Extend the lease of every entry this process is delivering."""
        with self._held_lock:
            held = dict(self._held)
        if not held:
            return
        until = self.services.clock.now() + self._lease
        with self.services.uow() as uow:
            renewed = uow.outbox.renew(held, until)
            uow.commit()
        with self._held_lock:
            for entry_id, lease in held.items():
                if self._held.get(entry_id) != lease:
                    continue  # delivered meanwhile (and maybe claimed again)
                if entry_id in renewed:
                    self._held[entry_id] = until
                else:  # its lease ran out before this renewal (the database was down, say)
                    del self._held[entry_id]
                    log.warning("outbox entry %s was taken over while being delivered", entry_id)

    def _deliver_held(self, envelope: Envelope, seen: AssessmentView | None = None) -> int:
        """`_deliver` an entry this process holds, and stop renewing its lease after."""
        try:
            return self._deliver(envelope, seen)
        finally:
            with self._held_lock:
                self._held.pop(envelope.id, None)

    def _deliver(self, envelope: Envelope, seen: AssessmentView | None = None) -> int:
        """Send one entry and record the outcome; 1 when it was delivered."""
        client = self.workspaces.client_for(envelope.team_id)
        if client is None:
            return self._failed(envelope, NOT_INSTALLED, permanent=True)
        if envelope.message.priority is Priority.SCHEDULED:
            self._wait_for_pace()
        job = Job(self.services, client, envelope, seen)
        try:
            posted = send(job)
        except SlackApiError as exc:
            return self._failed(envelope, error_code(exc), permanent=not transient(exc))
        except (URLError, OSError) as exc:  # timeouts, resets, lost replies
            return self._failed(envelope, f"connection: {exc}", permanent=False)
        except Exception as exc:  # a bug or a database error: retry, and make it loud
            log.exception("delivering outbox entry %s (%s) failed", envelope.id, envelope.key)
            return self._failed(envelope, f"{type(exc).__name__}: {exc}", permanent=False)
        with self.services.reader() as uow:
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
        with self.services.reader() as uow:
            uow.outbox.retry(envelope.id, now + backoff(envelope.attempts), error, give_up=give_up)
            uow.commit()
        return 0

    def _wait_for_pace(self) -> None:
        with self._pace_lock:
            wait = self._last_paced + self._pace - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_paced = time.monotonic()
