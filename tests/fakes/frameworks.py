"""Frozen framework copies, stored once per content hash (twin of storage's frameworks.py)."""

from __future__ import annotations

from questionnaire.framework import Framework

from ._common import MemoryRepository


class FakeFrameworkStore(MemoryRepository):
    def save(self, framework: Framework) -> str:
        content_hash = framework.content_hash()
        self.t.frameworks.setdefault(content_hash, framework.canonical_json())
        return content_hash

    def load(self, content_hash: str) -> Framework:
        return Framework.from_json(self.t.frameworks[content_hash])
