"""Structural validation for the loader: pydantic errors turned into located, human problems."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from questionnaire.framework import ID_PATTERN, KEY_PATTERN, Framework, Text
from questionnaire.loader.checks import CONTAINERS
from questionnaire.loader.parse_yaml import SourceMap
from questionnaire.loader.problems import Loc, Problem, describe, format_path

_PATTERN_HINTS = {
    ID_PATTERN: "is not a valid id: use 1-64 letters, digits, '_', '.' or '-', "
    "starting with a letter or digit",
    KEY_PATTERN: "is not a valid key: use 1-40 lowercase letters, digits, '_' or '-', "
    "starting with a lowercase letter",
}
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value pairs)",
}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `X`, `list[X]` or `X | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def model_at(loc: Loc) -> type[BaseModel] | None:
    """Which framework model the mapping at `loc` is validated as (None if not a model)."""
    model: type[BaseModel] = Framework
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = _model_in(info.annotation) if info is not None else None
        if inner is None:
            return None
        model = inner
    return model


def _keys(model: type[BaseModel] | None) -> str:
    return ", ".join(model.model_fields) if model is not None else "none"


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _message(error: ErrorDetails, loc: Loc) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    found = describe(value)
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}' (allowed here: {_keys(model_at(loc[:-1]))})"
    if kind in ("model_type", "model_attributes_type"):
        model = model_at(loc)
        if model is Text:
            return (
                f"expected text (a string, or a mapping with 'en' and optional 'zh'), found {found}"
            )
        return f"expected a mapping with keys {_keys(model)}, found {found}"
    if kind == "string_type" and value is not None and not isinstance(value, list | dict):
        return f'expected text, found {found}; put it in quotes: "{value}"'
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(ctx.get("pattern")), f"must match {ctx.get('pattern')}")
        return f"'{value}' {hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters, found {len(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = f"at least {ctx.get('ge')}" if "ge" in ctx else f"at most {ctx.get('le')}"
        return f"must be {bound}, found {found}"
    if kind in ("literal_error", "enum"):
        return f"found {found}; allowed: {ctx.get('expected')}"
    return f"{error['msg']}; found {found}"


def validate(data: Any, lines: SourceMap, filename: str) -> tuple[Framework | None, list[Problem]]:
    """Validate `data` as a Framework; every error becomes a located problem."""
    try:
        return Framework.model_validate(data), []
    except ValidationError as exc:
        errors = [error for error in exc.errors() if not _reported_as_empty(error)]
    missing: dict[Loc, list[str]] = {}
    problems: list[Problem] = []
    for error in errors:
        if error["type"] == "missing":
            missing.setdefault(tuple(error["loc"][:-1]), []).append(str(error["loc"][-1]))
        else:
            problems.append(_problem(error, data, lines, filename))
    for loc, keys in missing.items():  # one problem per mapping, pointing at the mapping
        names = ", ".join(f"'{key}'" for key in keys)
        message = f"missing required key{'s' if len(keys) > 1 else ''} {names}"
        problems.append(Problem(filename, format_path(loc), lines.line(loc), message))
    return None, problems


def _reported_as_empty(error: ErrorDetails) -> bool:
    """An empty (null) container is reported by the cross-reference checks, in plainer words."""
    loc = error["loc"]
    return error["type"] == "list_type" and error.get("input") is None and loc[-1] in CONTAINERS


def _problem(error: ErrorDetails, data: Any, lines: SourceMap, filename: str) -> Problem:
    loc: Loc = tuple(error["loc"])
    message = _message(error, loc)
    if loc and loc[-1] == "en" and isinstance(_value_at(data, loc[:-1]), str):
        loc = loc[:-1]  # a plain string is English text: report it where it was written
    return Problem(filename, format_path(loc), lines.line(loc), message)
