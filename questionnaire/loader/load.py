"""Load a framework YAML file, reporting every mistake at once with file, YAML path and line."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from questionnaire.framework import Framework
from questionnaire.loader.checks import semantic_problems
from questionnaire.loader.messages import validate
from questionnaire.loader.parse_yaml import parse_yaml
from questionnaire.loader.problems import FrameworkError, Problem, describe

__all__ = [
    "FrameworkError",
    "Problem",
    "framework_json_schema",
    "load_framework",
    "load_framework_text",
]

_TOP_LEVEL = "id, version, title, levels, roles and domains"


def load_framework(path: Path) -> Framework:
    """Load and fully check the framework in `path`; FrameworkError lists every problem."""
    filename = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise FrameworkError(
            [Problem(filename, "", None, f"cannot read the file: {reason}")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = (
            f"the file is not UTF-8 text: byte 0x{raw[error.start]:02x} (offset {error.start}) "
            "cannot be decoded; save the file as UTF-8"
        )
        raise FrameworkError([Problem(filename, "", line, message)]) from None
    return load_framework_text(text, filename)


def load_framework_text(text: str, filename: str) -> Framework:
    """Load and fully check framework YAML `text`; `filename` is only used in problems. The same
    text is parsed once per process (a framework is frozen; every registry may share it)."""
    framework, problems = _checked(text, filename)
    if framework is None:
        raise FrameworkError(list(problems))
    return framework


@functools.lru_cache(maxsize=16)
def _checked(text: str, filename: str) -> tuple[Framework | None, tuple[Problem, ...]]:
    parsed = parse_yaml(text, filename)
    problems = list(parsed.problems)
    framework: Framework | None = None
    if parsed.data is None and not problems:
        problems.append(Problem(filename, "", None, f"the file is empty; expected {_TOP_LEVEL}"))
    elif parsed.data is not None and not isinstance(parsed.data, dict):
        found = describe(parsed.data)
        message = f"the top level must be a mapping with {_TOP_LEVEL}; found {found}"
        problems.append(Problem(filename, "", parsed.lines.line(()), message))
    elif isinstance(parsed.data, dict):
        problems += semantic_problems(parsed.data, parsed.lines, filename)
        framework, structural = validate(parsed.data, parsed.lines, filename)
        problems += structural
    if problems or framework is None:
        problems.sort(key=lambda problem: (problem.line is None, problem.line or 0))
        return None, tuple(problems)
    return framework, ()


def framework_json_schema() -> dict[str, Any]:
    """The JSON Schema of a framework file, for editors (a plain string counts as English text)."""
    schema = Framework.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Maturity Bot framework"
    schema["description"] = "A capability maturity model: levels, roles, domains and requirements."
    text = schema["$defs"]["Text"]
    schema["$defs"]["Text"] = {
        "title": "Text",
        "description": "Text per locale; a plain string is English.",
        "anyOf": [{"type": "string", "minLength": 1}, text],
    }
    return schema
