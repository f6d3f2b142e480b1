"""Fixtures shared by the framework tests."""

from __future__ import annotations

import pytest

from .helpers import TINY


@pytest.fixture
def tiny_text() -> str:
    """The text of the tiny valid framework fixture."""
    return TINY.read_text(encoding="utf-8")
