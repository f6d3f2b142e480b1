"""What ships: the wheel and the Docker image hold the product packages and never the devkit.

The Slack stand-in and the demo (`devkit/`) are development tools; the wheel's package discovery
(pyproject.toml) and the Dockerfile's COPY lines are read here, as a build would read them.
"""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = {"bot", "questionnaire", "scoring", "storage"}


def packages_in_wheel() -> set[str]:
    """Every package setuptools' `packages.find` picks (include, then exclude), dotted."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    include, exclude = find["include"], find.get("exclude", [])
    found = set()
    for init in ROOT.rglob("__init__.py"):
        parts = init.parent.relative_to(ROOT).parts
        if not parts or parts[0].startswith("."):
            continue
        name = ".".join(parts)
        if any(fnmatchcase(name, p) for p in include) and not any(
            fnmatchcase(name, p) for p in exclude
        ):
            found.add(name)
    return found


def test_the_wheel_holds_the_product_and_not_the_devkit() -> None:
    packages = packages_in_wheel()
    assert {name.split(".")[0] for name in packages} == PRODUCT
    assert "bot.cli" in packages and "questionnaire.reminders" in packages
    assert not [name for name in packages if name.startswith("devkit")]
    assert (ROOT / "devkit" / "standin" / "__init__.py").is_file()  # it exists, just not shipped


def test_the_console_script_and_package_data_point_at_what_exists() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, function = config["project"]["scripts"]["maturity-bot"].partition(":")
    source = ROOT / (module.replace(".", "/") + ".py")
    assert re.search(rf"^def {function}\(", source.read_text(encoding="utf-8"), re.M)
    for package, patterns in config["tool"]["setuptools"]["package-data"].items():
        assert not package.startswith("devkit")
        folder = ROOT / package.replace(".", "/")
        for pattern in patterns:
            assert list(folder.glob(pattern)), f"{package}: nothing matches {pattern}"


def test_the_docker_image_copies_only_the_product() -> None:
    copied = set()
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words and words[0].upper() == "COPY":
            sources = [w for w in words[1:-1] if not w.startswith("--")]
            copied.update(s.rstrip("/") for s in sources)
    assert copied == PRODUCT | {"pyproject.toml", "README.md", "requirements.lock"}
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "devkit" in ignored  # not even in the build context


def test_demo_without_the_devkit_says_it_ships_only_with_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import demo

    monkeypatch.setattr(demo, "DEMO_MODULE", "devkit_not_here.demo.run")
    monkeypatch.setattr(demo, "CHECKOUT", tmp_path)  # an installed package: no devkit beside it
    result = CliRunner().invoke(app, ["demo", "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "ships only with the source code" in result.stderr
    assert not (tmp_path / "out").exists()
