"""The `world` most use-case tests start from (see world.py)."""

from __future__ import annotations

import pytest

from .world import World, make_world


@pytest.fixture
def world() -> World:
    return make_world()
