"""Cross-reference checks for the loader, run on the raw YAML data so they work even when it is
structurally broken: unique ids, declared levels and roles, a role for every requirement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from questionnaire.framework import DEFAULT_THEMES
from questionnaire.loader.parse_yaml import SourceMap
from questionnaire.loader.problems import Loc, Problem, describe, format_path

Entry = tuple[Loc, dict[str, Any]]
CONTAINERS = frozenset(
    {"levels", "roles", "themes", "dimensions", "domains", "items", "subitems", "requirements"}
)


@dataclass(frozen=True)
class _Declared:
    """What the framework declares that requirements refer to."""

    levels: list[int]
    roles: list[str]
    themes: list[str]
    dimensions: list[str] | None  # None: the framework has no dimensions


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _listing(values: list[Any]) -> str:
    return ", ".join(str(value) for value in values)


class _Checker:
    """Collects problems, each located through the source map."""

    def __init__(self, lines: SourceMap, filename: str) -> None:
        self.lines = lines
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(
            Problem(self.filename, format_path(loc), self.lines.line(loc), message)
        )

    def where(self, loc: Loc) -> str:
        line = self.lines.line(loc)
        return format_path(loc) + (f", line {line}" if line is not None else "")

    def entries(self, parent: dict[str, Any], loc: Loc, key: str, empty: str) -> list[Entry]:
        """The mapping entries of the list `parent[key]`; reports `empty` if it has none."""
        if key not in parent:
            return []  # a missing key is a structural problem, reported there
        value = parent[key]
        if value is None or value == []:
            self.add((*loc, key), empty)
        if not isinstance(value, list):
            return []
        return [((*loc, key, i), item) for i, item in enumerate(value) if isinstance(item, dict)]

    def unique(self, seen: dict[Any, Loc], value: Any, loc: Loc, what: str) -> None:
        """Report `value` if an earlier entry in `seen` already used it."""
        if value in seen:
            self.add(loc, f"duplicate {what} {value!r}: already used at {self.where(seen[value])}")
        else:
            seen[value] = loc


def _check_levels(check: _Checker, data: dict[str, Any]) -> list[int]:
    entries = check.entries(
        data, (), "levels", "no levels declared: a framework needs levels numbered 1, 2, 3, ..."
    )
    numbers: dict[Any, Loc] = {}
    keys: dict[Any, Loc] = {}
    for loc, level in entries:
        number, key = level.get("number"), level.get("key")
        if isinstance(number, bool):
            check.add((*loc, "number"), f"expected a level number, found {describe(number)}")
        elif _is_number(number):
            check.unique(numbers, number, (*loc, "number"), "level number")
        if isinstance(key, str):
            check.unique(keys, key, (*loc, "key"), "level key")
    listed = [level.get("number") for _, level in entries]
    expected = list(range(1, len(listed) + 1))
    if (
        all(_is_number(n) for n in listed)
        and len(set(listed)) == len(listed)
        and listed != expected
    ):
        first = next(i for i, n in enumerate(listed) if n != expected[i])
        check.add(
            (*entries[first][0], "number"),
            f"levels must be numbered 1, 2, 3, ... in order without gaps; "
            f"found {_listing(listed)} (expected {_listing(expected)})",
        )
    return sorted(n for n in numbers if _is_number(n))


def _check_roles(check: _Checker, data: dict[str, Any]) -> list[str]:
    empty = "no roles declared: a framework needs at least one role to route requirements to"
    keys: dict[Any, Loc] = {}
    for loc, role in check.entries(data, (), "roles", empty):
        if isinstance(role.get("key"), str):
            check.unique(keys, role["key"], (*loc, "key"), "role key")
    return list(keys)


def _check_tags(check: _Checker, data: dict[str, Any], key: str) -> list[str] | None:
    """The keys of a `themes` or `dimensions` list (None when the list is not given)."""
    if key not in data:
        return None
    what = key[:-1]
    empty = f"no {key} listed: list at least one {what}, or leave '{key}' out"
    keys: dict[Any, Loc] = {}
    for loc, tag in check.entries(data, (), key, empty):
        if isinstance(tag.get("key"), str):
            check.unique(keys, tag["key"], (*loc, "key"), f"{what} key")
    return list(keys)


def _check_node(check: _Checker, entry: Entry, ids: dict[Any, Loc], roles: list[str]) -> None:
    """The checks every tree node gets: a unique id and, below domains, a declared role."""
    loc, node = entry
    if isinstance(node.get("id"), str):
        check.unique(ids, node["id"], (*loc, "id"), "id")
    role = node.get("role")
    if loc[-2] != "domains" and roles and isinstance(role, str) and role not in roles:
        check.add(
            (*loc, "role"), f"role '{role}' is not declared in roles (declared: {_listing(roles)})"
        )


def _check_requirement(
    check: _Checker, entry: Entry, parents: tuple[Entry, Entry], declared: _Declared
) -> None:
    (loc, req), (_, item), (_, sub) = entry, *parents
    levels, roles = declared.levels, declared.roles
    level = req.get("level")
    if isinstance(level, bool):
        check.add((*loc, "level"), f"expected a level number, found {describe(level)}")
    elif levels and _is_number(level) and level not in levels:
        check.add(
            (*loc, "level"),
            f"level {level} is not declared in levels (declared: {_listing(levels)})",
        )
    if roles and not any(node.get("role") for node in (req, sub, item)):
        check.add(
            loc,
            f"requirement '{req.get('id', '?')}' has no responsible role: set 'role' on it, "
            f"on its sub-item '{sub.get('id', '?')}' or on its item '{item.get('id', '?')}' "
            f"(declared roles: {_listing(roles)})",
        )
    _check_tag_use(check, loc, req, declared)


def _check_tag_use(check: _Checker, loc: Loc, req: dict[str, Any], declared: _Declared) -> None:
    """A requirement's theme is a declared one; its dimension exactly when there are dimensions."""
    theme, dimension = req.get("theme"), req.get("dimension")
    if isinstance(theme, str) and declared.themes and theme not in declared.themes:
        check.add(
            (*loc, "theme"),
            f"theme '{theme}' is not declared in themes (declared: {_listing(declared.themes)})",
        )
    if declared.dimensions is None:
        if dimension is not None:
            check.add(
                (*loc, "dimension"),
                "the framework declares no dimensions: add a 'dimensions' list "
                "or remove this 'dimension'",
            )
    elif dimension is None and declared.dimensions:
        check.add(
            loc,
            f"requirement '{req.get('id', '?')}' has no dimension: the framework declares "
            f"dimensions, so every requirement needs one (declared: "
            f"{_listing(declared.dimensions)})",
        )
    elif (
        isinstance(dimension, str) and declared.dimensions and dimension not in declared.dimensions
    ):
        check.add(
            (*loc, "dimension"),
            f"dimension '{dimension}' is not declared in dimensions "
            f"(declared: {_listing(declared.dimensions)})",
        )


def _check_tree(check: _Checker, data: dict[str, Any], declared: _Declared) -> None:
    roles = declared.roles
    ids: dict[Any, Loc] = {}
    for domain in check.entries(data, (), "domains", "no domains: a framework needs at least one"):
        _check_node(check, domain, ids, roles)
        empty = f"domain '{domain[1].get('id', '?')}' has no items: add at least one item"
        for item in check.entries(domain[1], domain[0], "items", empty):
            _check_node(check, item, ids, roles)
            empty = f"item '{item[1].get('id', '?')}' has no sub-items: add at least one sub-item"
            for sub in check.entries(item[1], item[0], "subitems", empty):
                _check_node(check, sub, ids, roles)
                empty = (
                    f"sub-item '{sub[1].get('id', '?')}' has no requirements: "
                    "add at least one requirement"
                )
                for req in check.entries(sub[1], sub[0], "requirements", empty):
                    _check_node(check, req, ids, roles)
                    _check_requirement(check, req, (item, sub), declared)


def semantic_problems(data: dict[str, Any], lines: SourceMap, filename: str) -> list[Problem]:
    """Every cross-reference problem in the raw framework data, each with its path and line."""
    check = _Checker(lines, filename)
    levels = _check_levels(check, data)
    roles = _check_roles(check, data)
    themes = _check_tags(check, data, "themes")
    declared = _Declared(
        levels=levels,
        roles=roles,
        themes=[tag.key for tag in DEFAULT_THEMES] if themes is None else themes,
        dimensions=_check_tags(check, data, "dimensions"),
    )
    _check_tree(check, data, declared)
    return check.problems
