"""The framework registry: bundled and custom directories, broken files, id clashes, caching."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from questionnaire.loader.load import load_framework
from questionnaire.registry import FrameworkInfo, FrameworkRegistry, bundled_dir

from .helpers import DATA, INVALID, TINY


def _dir_with(tmp_path: Path, name: str, *files: Path) -> Path:
    directory = tmp_path / name
    directory.mkdir()
    for file in files:
        shutil.copy(file, directory / file.name)
    return directory


def test_bundled_dir_holds_the_caict_framework_file() -> None:
    assert bundled_dir().is_dir()
    assert (bundled_dir() / "caict-mlops-dev-mgmt.yaml").is_file()


def test_default_registry_accounts_for_every_bundled_file() -> None:
    registry = FrameworkRegistry()
    loaded = {info.source.name for info in registry.list()}
    failed = {Path(error.file).name for error in registry.problems()}
    assert loaded | failed == {path.name for path in bundled_dir().glob("*.yaml")}
    assert all(info.bundled for info in registry.list())


def test_custom_dir_loads_top_level_yaml_only(tmp_path: Path) -> None:
    registry = FrameworkRegistry([DATA], bundled=_dir_with(tmp_path, "bundled"))
    assert registry.list() == [
        FrameworkInfo(
            id="tiny",
            version="1.0",
            title="Tiny maturity model",
            source=TINY,
            bundled=False,
            requirement_count=3,
        )
    ]
    assert registry.problems() == []  # the broken files in data/invalid/ are not looked at
    assert registry.get("tiny").requirement_count() == 3


def test_broken_custom_file_is_reported_and_does_not_hide_good_ones(tmp_path: Path) -> None:
    custom = _dir_with(tmp_path, "custom", TINY, INVALID / "unknown_role.yaml")
    (custom / "notes.txt").write_text("not a framework")
    registry = FrameworkRegistry([custom], bundled=_dir_with(tmp_path, "bundled"))
    assert [info.id for info in registry.list()] == ["tiny"]
    [error] = registry.problems()
    assert error.file == str(custom / "unknown_role.yaml")
    assert [(p.line, p.path) for p in error.problems] == [
        (29, "domains[0].items[0].subitems[0].requirements[1].role")
    ]


def test_custom_id_clashing_with_bundled_keeps_the_bundled_one(tmp_path: Path) -> None:
    bundled = _dir_with(tmp_path, "bundled", TINY)
    custom = _dir_with(tmp_path, "custom", TINY)
    registry = FrameworkRegistry([custom], bundled=bundled)
    [info] = registry.list()
    assert info.bundled and info.source == bundled / "tiny.yaml"
    [error] = registry.problems()
    assert [str(p) for p in error.problems] == [
        f"{custom / 'tiny.yaml'}:2: id: framework id 'tiny' is already used by the bundled "
        f"framework in {bundled / 'tiny.yaml'}; this file is ignored: give it another id"
    ]


def test_two_custom_files_with_one_id_keep_the_first_by_name(tmp_path: Path) -> None:
    custom = _dir_with(tmp_path, "custom", TINY)
    shutil.copy(TINY, custom / "z-copy.yaml")
    registry = FrameworkRegistry([custom], bundled=_dir_with(tmp_path, "bundled"))
    assert [info.source.name for info in registry.list()] == ["tiny.yaml"]
    [error] = registry.problems()
    assert error.problems[0].message.startswith("framework id 'tiny' is already used by the ")


def test_unknown_id_is_a_key_error_naming_the_known_ids(tmp_path: Path) -> None:
    registry = FrameworkRegistry([DATA], bundled=_dir_with(tmp_path, "bundled"))
    with pytest.raises(KeyError) as caught:
        registry.get("nope")
    assert str(caught.value) == "unknown framework 'nope' (known: tiny)"


def test_missing_custom_dir_is_reported(tmp_path: Path) -> None:
    registry = FrameworkRegistry([tmp_path / "absent"], bundled=_dir_with(tmp_path, "bundled"))
    assert registry.list() == []
    [error] = registry.problems()
    assert str(error) == (
        f"{tmp_path / 'absent'}: frameworks directory does not exist or is not a directory"
    )


def test_loads_lazily_once(tmp_path: Path) -> None:
    custom = _dir_with(tmp_path, "custom")
    registry = FrameworkRegistry([custom], bundled=_dir_with(tmp_path, "bundled"))
    shutil.copy(TINY, custom / "tiny.yaml")  # added before first use: seen
    first = registry.get("tiny")
    (custom / "tiny.yaml").unlink()  # removed after first use: the cache still has it
    assert registry.get("tiny") is first
    assert registry.ids() == ["tiny"]


def test_threads_asking_at_once_share_one_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve loads the frameworks in a thread while requests may already ask for one: the
    files are read once and each problem reported once, whoever asks first."""
    custom = _dir_with(tmp_path, "custom", TINY)
    shutil.copy(INVALID / "unknown_key.yaml", custom / "broken.yaml")
    registry = FrameworkRegistry([custom], bundled=_dir_with(tmp_path, "bundled"))
    loads: list[Path] = []
    real = load_framework

    def slow_load(path: Path) -> object:
        loads.append(path)
        time.sleep(0.05)  # both threads are inside `_loaded` by now
        return real(path)

    monkeypatch.setattr("questionnaire.registry.load_framework", slow_load)
    with ThreadPoolExecutor(4) as pool:
        asked = list(pool.map(lambda _: registry.get("tiny"), range(4)))
    assert all(framework is asked[0] for framework in asked)
    assert sorted(path.name for path in loads) == ["broken.yaml", "tiny.yaml"]
    assert len(registry.problems()) == 1
