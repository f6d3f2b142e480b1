"""The lock files pin a version of every dependency, inside the ranges pyproject.toml allows."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins(lock: str) -> dict[str, str]:
    lines = (ROOT / lock).read_text().splitlines()
    pairs = (line.split("==", 1) for line in lines if line and not line.startswith("#"))
    return {canonicalize_name(name): version for name, version in pairs}


def _requirements(dev: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = project["dependencies"] + (project["optional-dependencies"]["dev"] if dev else [])
    return [Requirement(text) for text in found]


@pytest.mark.parametrize(
    ("lock", "dev"), [("requirements.lock", False), ("requirements-dev.lock", True)]
)
def test_every_dependency_is_pinned_inside_its_range(lock: str, dev: bool) -> None:
    pins = _pins(lock)
    for requirement in _requirements(dev):
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{lock} pins no {requirement.name}: run `make lock`"
        assert requirement.specifier.contains(pinned), (
            f"{lock} pins {requirement.name}=={pinned}, outside {requirement}: run `make lock`"
        )


def test_the_image_installs_the_locked_versions() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY pyproject.toml README.md requirements.lock" in dockerfile
    assert "pip install --no-cache-dir -c requirements.lock ." in dockerfile
