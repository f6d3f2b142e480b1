"""GET /metrics: the bot's own series in the Prometheus text format, from a registry of its own
(not the library's global one, so each process, and each test, counts only itself)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from questionnaire.ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)
ACK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)  # Slack gives up after 3 seconds
SWEEP_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Metrics:
    """Every series the bot exports; the `Observer` the wiring reports to."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "maturity_slack_requests", "Slack requests received", ["surface"], registry=r
        )
        self.acks = Counter(
            "maturity_slack_acks", "Slack requests answered 200 (acked)", ["surface"], registry=r
        )
        self.ack_seconds = Histogram(
            "maturity_slack_ack_seconds",
            "Time from a Slack request's arrival to its answer",
            ["surface"],
            buckets=ACK_BUCKETS,
            registry=r,
        )
        self.api_calls = Counter(
            "maturity_slack_api_calls", "Slack Web API attempts", ["method"], registry=r
        )
        self.api_429s = Counter(
            "maturity_slack_api_rate_limited",
            "Slack Web API attempts answered 429",
            ["method"],
            registry=r,
        )
        self.db_errors = Counter(
            "maturity_database_errors", "Failed database statements or connections", registry=r
        )
        self.reminders = Counter(
            "maturity_reminders_sent", "Reminders queued by the sweeps", registry=r
        )
        self.sweep_seconds = Histogram(
            "maturity_reminder_sweep_seconds",
            "Duration of reminder sweeps",
            buckets=SWEEP_BUCKETS,
            registry=r,
        )

    def request(self, surface: str, seconds: float, *, acked: bool) -> None:
        """Count one Slack request and its time to the answer."""
        self.requests.labels(surface).inc()
        if acked:
            self.acks.labels(surface).inc()
        self.ack_seconds.labels(surface).observe(seconds)

    def slack_call(self, method: str, *, rate_limited: bool) -> None:
        """Count one Web API attempt."""
        self.api_calls.labels(method).inc()
        if rate_limited:
            self.api_429s.labels(method).inc()

    def database_error(self) -> None:
        """Count one database failure."""
        self.db_errors.inc()

    def sweep(self, seconds: float, reminders_sent: int) -> None:
        """Count one reminder sweep."""
        self.sweep_seconds.observe(seconds)
        self.reminders.inc(reminders_sent)

    def watch_outbox(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        """Export the outbox's depth and oldest age, read from the database at each scrape."""
        self.registry.register(_Outbox(uow, clock))

    def exposition(self) -> tuple[bytes, str]:
        """The scrape's body and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class _Outbox(Collector):
    """Two counts in one short read per scrape; none when the database does not answer (the
    database error counter and /readyz say why)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    def collect(self) -> Iterator[Metric]:
        try:
            with self._uow() as uow:
                report = uow.outbox.report(0)
        except Exception as error:  # a scrape answers whatever the database does
            log.debug("outbox metrics unavailable: %s", type(error).__name__)
            return
        oldest = report.oldest_pending
        age = (self._clock.now() - _aware(oldest)).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "maturity_outbox_pending", "Outbox entries not delivered yet", value=report.pending
        )
        yield GaugeMetricFamily(
            "maturity_outbox_oldest_pending_age_seconds",
            "Age of the oldest undelivered outbox entry (0 when none)",
            value=max(age, 0.0),
        )
        yield GaugeMetricFamily(
            "maturity_outbox_given_up", "Outbox entries given up on", value=report.given_up
        )

    def describe(self) -> Iterator[Metric]:
        return iter(())  # registered without a read: the database is read at scrape time


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
