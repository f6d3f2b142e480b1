"""Helpers for asserting on loader problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaire.loader.load import FrameworkError, Problem, load_framework, load_framework_text

DATA = Path(__file__).parent / "data"
INVALID = DATA / "invalid"
TINY = DATA / "tiny.yaml"
SCOPED = DATA / "product" / "scoped.yaml"  # tiers, themes, dimensions, scope


def problems_of(path: Path) -> list[Problem]:
    """The problems loading `path` reports (fails the test if it loads)."""
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    return caught.value.problems


def text_problems(text: str, filename: str = "f.yaml") -> list[Problem]:
    """The problems loading YAML `text` reports (fails the test if it loads)."""
    with pytest.raises(FrameworkError) as caught:
        load_framework_text(text, filename)
    return caught.value.problems


def located(problems: list[Problem]) -> list[tuple[int | None, str, str]]:
    """(line, path, message) of each problem, for compact assertions."""
    return [(p.line, p.path, p.message) for p in problems]
