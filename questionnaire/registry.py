"""The frameworks the bot knows: the bundled ones plus custom ones from extra directories."""

from __future__ import annotations

import builtins
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from questionnaire.framework import Framework
from questionnaire.loader.load import FrameworkError, Problem, load_framework
from questionnaire.loader.parse_yaml import parse_yaml


def bundled_dir() -> Path:
    """The directory of the frameworks shipped with the bot (`questionnaire/frameworks`)."""
    return Path(__file__).resolve().parent / "frameworks"


@dataclass(frozen=True)
class FrameworkInfo:
    """A one-line summary of a known framework."""

    id: str
    version: str
    title: str
    source: Path
    bundled: bool
    requirement_count: int


class UnknownFrameworkError(KeyError):
    """No framework has the requested id; the message lists the known ones."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown framework"


@dataclass(frozen=True)
class _Entry:
    framework: Framework
    info: FrameworkInfo


class FrameworkRegistry:
    """Loads `*.yaml` frameworks once, on first use (one thread loads, the others wait for it);
    broken files are reported, not fatal."""

    def __init__(self, extra_dirs: Sequence[Path] = (), *, bundled: Path | None = None) -> None:
        self._dirs = [
            (bundled if bundled is not None else bundled_dir(), True),
            *((Path(d), False) for d in extra_dirs),
        ]
        self._entries: dict[str, _Entry] | None = None
        self._problems: builtins.list[FrameworkError] = []
        self._loading = threading.Lock()

    def list(self) -> builtins.list[FrameworkInfo]:
        """Every framework that loaded, bundled ones first, each group in file-name order."""
        return [entry.info for entry in self._loaded().values()]

    def ids(self) -> builtins.list[str]:
        """The ids of every framework that loaded."""
        return builtins.list(self._loaded())

    def get(self, framework_id: str) -> Framework:
        """The framework with this id; UnknownFrameworkError (a KeyError) names the known ids."""
        entries = self._loaded()
        if framework_id not in entries:
            known = ", ".join(entries) or "none"
            raise UnknownFrameworkError(f"unknown framework '{framework_id}' (known: {known})")
        return entries[framework_id].framework

    def info(self, framework_id: str) -> FrameworkInfo:
        """The summary of the framework with this id (UnknownFrameworkError if there is none)."""
        self.get(framework_id)
        return self._loaded()[framework_id].info

    def problems(self) -> builtins.list[FrameworkError]:
        """One error per file (or directory) that could not be used, with all its problems."""
        self._loaded()
        return builtins.list(self._problems)

    def _loaded(self) -> dict[str, _Entry]:
        if self._entries is None:
            with self._loading:
                if self._entries is None:
                    entries: dict[str, _Entry] = {}
                    for directory, bundled in self._dirs:
                        self._load_dir(entries, directory, bundled)
                    self._entries = entries
        return self._entries

    def _load_dir(self, entries: dict[str, _Entry], directory: Path, bundled: bool) -> None:
        if not directory.is_dir():
            message = "frameworks directory does not exist or is not a directory"
            self._problems.append(FrameworkError([Problem(str(directory), "", None, message)]))
            return
        for path in sorted(directory.glob("*.yaml")):
            if path.is_file():
                self._load_file(entries, path, bundled)

    def _load_file(self, entries: dict[str, _Entry], path: Path, bundled: bool) -> None:
        try:
            framework = load_framework(path)
        except FrameworkError as error:
            self._problems.append(error)
            return
        clash = entries.get(framework.id)
        if clash is not None:
            self._problems.append(_clash_error(path, framework.id, clash.info))
            return
        info = FrameworkInfo(
            id=framework.id,
            version=framework.version,
            title=framework.title.en,
            source=path,
            bundled=bundled,
            requirement_count=framework.requirement_count(),
        )
        entries[framework.id] = _Entry(framework, info)


def _clash_error(path: Path, framework_id: str, kept: FrameworkInfo) -> FrameworkError:
    kind = "the bundled framework" if kept.bundled else "the framework"
    message = (
        f"framework id '{framework_id}' is already used by {kind} in {kept.source}; "
        "this file is ignored: give it another id"
    )
    line = parse_yaml(path.read_text(encoding="utf-8-sig"), str(path)).lines.line(("id",))
    return FrameworkError([Problem(str(path), "id", line, message)])
