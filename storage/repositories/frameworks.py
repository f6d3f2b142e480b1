"""Frozen framework copies, stored once per content hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.framework import Framework

from ..records import FrameworkSnapshotRecord
from ._common import upsert

CACHE_SIZE = 32


class SqlFrameworkStore:
    """FrameworkStore on SQL; `cache` (hash -> parsed framework) may be shared by a factory.

    Copies are content-addressed and never change, so a parsed copy can be reused by any later
    unit of work; `save` still always writes (a rolled-back save must not be remembered)."""

    def __init__(self, session: Session, cache: dict[str, Framework] | None = None) -> None:
        self._session = session
        self._cache = cache if cache is not None else {}

    def save(self, framework: Framework) -> str:
        """Store a frozen copy (idempotent); returns its content hash."""
        body = framework.canonical_json()
        content_hash = framework.content_hash()
        statement = (
            upsert(self._session, FrameworkSnapshotRecord)
            .values(
                content_hash=content_hash,
                framework_id=framework.id,
                version=framework.version,
                body=body,
            )
            .on_conflict_do_nothing(index_elements=["content_hash"])
        )
        self._session.execute(statement)
        return content_hash

    def load(self, content_hash: str) -> Framework:
        """The frozen copy with this hash; KeyError when there is none."""
        cached = self._cache.get(content_hash)
        if cached is not None:
            return cached
        body = self._session.scalar(
            select(FrameworkSnapshotRecord.body).where(
                FrameworkSnapshotRecord.content_hash == content_hash
            )
        )
        if body is None:
            raise KeyError(content_hash)
        framework = Framework.from_json(body)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[content_hash] = framework
        return framework
