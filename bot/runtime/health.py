"""What GET /healthz and /readyz check: the database answers (and, for /readyz, is migrated);
/livez checks nothing. Short public reasons; details go to the log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from bot.config.settings import Settings
from storage.engine import DatabaseUnavailable, check_database, make_engine, normalise_url
from storage.revision import database_revision, shipped_head

log = logging.getLogger(__name__)
HEALTH_CONNECT_TIMEOUT_SECONDS = 3  # a probe must answer before the load balancer gives up


@dataclass(frozen=True)
class Health:
    """What a health check found; `reason` is short and public: no host names, URLs or secrets."""

    ok: bool
    reason: str = ""


HealthCheck = Callable[[], Health]


def always_healthy() -> Health:
    """The health check when there is nothing to check."""
    return Health(ok=True)


class DatabaseHealth:
    """`SELECT 1` on every probe, and with `head` the schema's revision too; logs the cause once
    when the database goes away and once when it is back, so a load balancer probing every few
    seconds does not flood the log."""

    REASON = "database unreachable"
    NOT_MIGRATED = "database not migrated"

    def __init__(self, engine: Engine, head: str | None = None) -> None:
        self._engine = engine
        self._head = head  # the revision a ready database is at; None: not checked
        self._down = False
        self._lock = threading.Lock()

    def __call__(self) -> Health:
        try:
            check_database(self._engine)
        except DatabaseUnavailable as error:
            self._note(down=True, detail=str(error))
            return Health(ok=False, reason=self.REASON)
        if self._head is not None and not self._migrated():
            self._note(down=True, detail=f"the database is not at revision {self._head}")
            return Health(ok=False, reason=self.NOT_MIGRATED)
        self._note(down=False, detail="")
        return Health(ok=True)

    def _migrated(self) -> bool:
        try:
            return database_revision(self._engine) == self._head
        except SQLAlchemyError:  # gone between the two statements: not ready either way
            return False

    def _note(self, *, down: bool, detail: str) -> None:
        with self._lock:
            changed, self._down = self._down != down, down
        if changed and down:
            log.warning("health check failing: %s", detail)
        elif changed:
            log.info("health check passing again: the database answers")


def database_health(settings: Settings, *, migrated: bool = False) -> DatabaseHealth:
    """The /healthz database check (with `migrated`, /readyz's): a fresh connection per probe
    (no pool to go stale), with a short connect timeout on PostgreSQL so an unreachable server
    fails the probe quickly."""
    url = normalise_url(settings.database_url)
    connect_args: dict[str, object] = {}
    if url.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = HEALTH_CONNECT_TIMEOUT_SECONDS
    engine = make_engine(url, poolclass=NullPool, connect_args=connect_args)
    return DatabaseHealth(engine, shipped_head() if migrated else None)
