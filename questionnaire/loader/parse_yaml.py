"""YAML parsing for the framework loader: data plus the line of every key and list entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from questionnaire.loader.problems import Loc, Problem, format_path

_MERGE_TAG = "tag:yaml.org,2002:merge"
_SYNTAX_ERRORS = (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.composer.ComposerError)
_HINTS = (
    ("'\\t'", "; indent with spaces, YAML does not allow tabs"),
    ("expected <block end>", "; check the indentation of this line and the ones above it"),
    (
        "mapping values are not allowed",
        "; put text that contains ': ' in quotes, or fix the indentation",
    ),
)


class SourceMap:
    """Line numbers (1-based) of YAML paths: a mapping entry's key line, a list entry's start."""

    def __init__(self) -> None:
        self._lines: dict[Loc, int] = {}

    def record(self, loc: Loc, line: int) -> None:
        """Remember that `loc` starts on `line`."""
        self._lines[loc] = line

    def line(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest recorded ancestor (e.g. for a missing key)."""
        for end in range(len(loc), -1, -1):
            found = self._lines.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None


@dataclass
class ParsedYaml:
    """The outcome of parsing: plain data (None if unparsable), line map and YAML-level problems."""

    data: Any
    lines: SourceMap
    problems: list[Problem] = field(default_factory=list)


class _Walker:
    """Walks a composed node tree, recording lines and flagging duplicate mapping keys."""

    def __init__(self, loader: yaml.SafeLoader, filename: str) -> None:
        self.loader = loader
        self.filename = filename
        self.lines = SourceMap()
        self.problems: list[Problem] = []
        self._dup_checked: set[int] = set()

    def walk(self, node: Node, loc: Loc, active: frozenset[int] = frozenset()) -> None:
        if id(node) in active:  # a recursive alias: nothing more to learn
            return
        inner = active | {id(node)}
        if isinstance(node, SequenceNode):
            for index, child in enumerate(node.value):
                self.lines.record((*loc, index), child.start_mark.line + 1)
                self.walk(child, (*loc, index), inner)
        elif isinstance(node, MappingNode):
            self._walk_mapping(node, loc, inner)

    def _walk_mapping(self, node: MappingNode, loc: Loc, active: frozenset[int]) -> None:
        # Merged (`<<: *anchor`) keys first, so the mapping's own keys win, as they do in the data.
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in merged:
                    self.walk(source, loc, active)
        check = id(node) not in self._dup_checked
        self._dup_checked.add(id(node))
        first_lines: dict[object, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, ScalarNode):
                continue
            key = self.loader.construct_object(key_node)
            line = key_node.start_mark.line + 1
            child: Loc = (*loc, key if isinstance(key, str | int) else str(key))
            if check and key in first_lines:
                self.problems.append(
                    Problem(
                        self.filename,
                        format_path(child),
                        line,
                        f"duplicate key '{key}' (first given at line {first_lines[key]}); "
                        "YAML keeps only the last value, so the earlier one would be lost",
                    )
                )
            first_lines.setdefault(key, line)
            self.lines.record(child, line)
            self.walk(value_node, child, active)


def yaml_error_problem(error: yaml.YAMLError, filename: str) -> Problem:
    """A readable problem for a PyYAML error, with the line of its mark."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(filename, "", None, f"YAML error: {error}")
    mark = error.problem_mark or error.context_mark
    label = "YAML syntax error" if isinstance(error, _SYNTAX_ERRORS) else "YAML error"
    message = f"{label}: {error.problem or error.context or 'cannot parse'}"
    if error.context and error.problem and error.context_mark is not None:
        context = f"{error.context} at line {error.context_mark.line + 1}"
        if error.problem.startswith("but "):  # PyYAML splits "expected X, but found Y" in two
            message = f"{label}: {context}, {error.problem}"
        else:
            message += f" ({context})"
    message += next((hint for clue, hint in _HINTS if clue in message), "")
    return Problem(filename, "", mark.line + 1 if mark is not None else None, message)


# libyaml's parser when PyYAML was built with it: the bundled frameworks parse several times
# faster. Bad YAML is parsed again by the pure-Python one, whose messages the problems quote.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def parse_yaml(text: str, filename: str) -> ParsedYaml:
    """Parse one YAML document; never raises for bad YAML, reports it as a problem instead."""
    if _FAST_LOADER is not None:
        parsed = _parse(_FAST_LOADER, text, filename)
        if parsed is not None:
            return parsed
    parsed = _parse(yaml.SafeLoader, text, filename, quote_errors=True)
    assert parsed is not None
    return parsed


def _parse(
    loader_class: type[yaml.SafeLoader], text: str, filename: str, *, quote_errors: bool = False
) -> ParsedYaml | None:
    """The document parsed with `loader_class`; bad YAML: its problem if `quote_errors`, else
    None."""
    loader = loader_class(text)
    walker = _Walker(loader, filename)
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(None, walker.lines, [])
        walker.lines.record((), node.start_mark.line + 1)
        walker.walk(node, ())
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        if not quote_errors:
            return None
        return ParsedYaml(None, walker.lines, [yaml_error_problem(error, filename)])
    finally:
        loader.dispose()
    return ParsedYaml(data, walker.lines, walker.problems)
