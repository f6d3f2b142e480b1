"""Loader behaviour beyond single mistakes: many at once, odd files, YAML features, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.framework import Framework
from questionnaire.loader.load import (
    FrameworkError,
    Problem,
    framework_json_schema,
    load_framework,
    load_framework_text,
)

from .helpers import INVALID, TINY, located, problems_of, text_problems

REQ = "domains[0].items[0].subitems[0].requirements"


def test_a_file_with_many_problems_reports_all_of_them_in_line_order() -> None:
    problems = problems_of(INVALID / "many_problems.yaml")
    assert [(p.line, p.path) for p in problems] == [
        (3, "version"),
        (9, "levels[1].number"),
        (10, "levels[1].key"),
        (15, "roles[0].colour"),
        (20, "domains[0].items[0].id"),
        (27, f"{REQ}[0].level"),
        (31, f"{REQ}[0].role"),
        (32, f"{REQ}[1]"),
        (32, f"{REQ}[1]"),
        (35, f"{REQ}[1].text"),
        (39, "domains[0].items[0].subitems[1].requirements"),
        (42, "domains[1].items"),
    ]
    messages = [p.message for p in problems]
    # structural (pydantic) and cross-reference problems come out of the same pass
    assert "unknown key 'colour' (allowed here: key, name, description)" in messages
    assert "missing required key 'guidance'" in messages
    assert "level 7 is not declared in levels (declared: 1, 3)" in messages
    assert "duplicate id 'D': already used at domains[0].id, line 17" in messages


def test_framework_error_lists_every_problem_one_per_line() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework(INVALID / "many_problems.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 12
    assert lines[0] == f"{INVALID / 'many_problems.yaml'}:3: version: expected text, " + (
        'found 1.0 (a number); put it in quotes: "1.0"'
    )


def test_problem_str_formats() -> None:
    assert str(Problem("caict.yaml", "levels[0]", 42, "bad")) == "caict.yaml:42: levels[0]: bad"
    assert str(Problem("caict.yaml", "", 3, "bad")) == "caict.yaml:3: bad"
    assert str(Problem("caict.yaml", "", None, "bad")) == "caict.yaml: bad"


def test_missing_keys_are_grouped_and_point_at_their_mapping() -> None:
    text = "id: x\nlevels:\n  - number: 1\n"
    assert located(text_problems(text)) == [
        (1, "", "missing required keys 'version', 'title', 'roles', 'domains'"),
        (3, "levels[0]", "missing required keys 'key', 'name'"),
    ]


def test_top_level_empty_containers() -> None:
    head = 'id: x\nversion: "1"\ntitle: X\n'
    text = head + "levels: []\nroles: []\ndomains:\n"
    assert located(text_problems(text)) == [
        (4, "levels", "no levels declared: a framework needs levels numbered 1, 2, 3, ..."),
        (
            5,
            "roles",
            "no roles declared: a framework needs at least one role to route requirements to",
        ),
        (6, "domains", "no domains: a framework needs at least one"),
    ]


def test_top_level_must_be_a_mapping() -> None:
    assert located(text_problems("- a\n- b\n")) == [
        (
            1,
            "",
            "the top level must be a mapping with id, version, title, levels, roles and domains; "
            "found a list of 2 entries",
        )
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    assert located(text_problems(text)) == [
        (None, "", "the file is empty; expected id, version, title, levels, roles and domains")
    ]


def test_non_utf8_file_names_the_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    assert located(problems_of(path)) == [
        (
            2,
            "",
            "the file is not UTF-8 text: byte 0xe9 (offset 16) cannot be decoded; "
            "save the file as UTF-8",
        )
    ]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TINY.read_bytes())
    assert load_framework(path).id == "tiny"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert [str(p) for p in problems_of(path)] == [
        f"{path}: cannot read the file: No such file or directory"
    ]


def test_tabs_get_a_hint() -> None:
    [problem] = text_problems("id: x\nlevels:\n\t- number: 1\n")
    assert problem.line == 3
    assert problem.message == (
        "YAML syntax error: found character '\\t' that cannot start any token; "
        "indent with spaces, YAML does not allow tabs"
    )


def test_two_documents_are_rejected() -> None:
    assert located(text_problems("id: x\n---\nid: y\n")) == [
        (
            2,
            "",
            "YAML syntax error: expected a single document in the stream at line 1, "
            "but found another document",
        )
    ]


def test_unsafe_tags_are_refused() -> None:
    [problem] = text_problems("id: !!python/object/apply:os.system [echo hi]\n")
    assert problem.line == 1
    assert problem.message.startswith("YAML error: could not determine a constructor for the tag")


def test_invalid_ids_keys_enums_and_empty_text(tiny_text: str) -> None:
    text = (
        tiny_text.replace("id: DEV-1.1-a", "id: 'DEV 1'")
        .replace("key: basic", "key: Basic")
        .replace("theme: versioned-assets", "theme: versioned")
        .replace("name: Acceptance", "name: ''")
    )
    assert located(text_problems(text, "tiny.yaml")) == [
        (
            11,
            "levels[0].key",
            "'Basic' is not a valid key: use 1-40 lowercase letters, digits, '_' or '-', "
            "starting with a lowercase letter",
        ),
        (
            32,
            f"{REQ}[0].id",
            "'DEV 1' is not a valid id: use 1-64 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit",
        ),
        (
            45,
            f"{REQ}[1].theme",
            "theme 'versioned' is not declared in themes "
            "(declared: process, versioned-assets, automation, traceability)",
        ),
        (47, "domains[0].items[0].subitems[1].name", "must not be empty"),
    ]


def test_anchors_and_merge_keys_load_and_duplicate_checks_ignore_merged_keys() -> None:
    text = (
        TINY.read_text(encoding="utf-8")
        .replace(
            "              - id: DEV-1.1-a\n                level: 1\n",
            "              - &base\n                id: DEV-1.1-a\n                level: 1\n",
        )
        .replace(
            "              - id: DEV-1.1-b\n                level: 2\n",
            "              - <<: *base\n                id: DEV-1.1-b\n                level: 2\n",
        )
    )
    framework = load_framework_text(text, "anchors.yaml")
    assert framework.locate("DEV-1.1-b").requirement.level == 2


def test_recursive_alias_does_not_hang() -> None:
    problems = text_problems("a: &x [*x]\n")
    assert [p.path for p in problems] == ["a", ""]


def test_json_schema_has_a_title_and_accepts_plain_text() -> None:
    schema = framework_json_schema()
    assert schema["title"] == "Maturity Bot framework"
    assert set(schema["required"]) == {"id", "version", "title", "levels", "roles", "domains"}
    text = schema["$defs"]["Text"]
    assert {"type": "string", "minLength": 1} in text["anyOf"]
    json.dumps(schema)  # serialisable as is


@pytest.mark.parametrize("drop", range(TINY.read_text(encoding="utf-8").count("\n")))
def test_dropping_any_line_loads_or_reports_located_problems(drop: int) -> None:
    lines = TINY.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(lines[:drop] + lines[drop + 1 :])
    try:
        load_framework_text(text, "tiny.yaml")
    except FrameworkError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line is not None and 1 <= problem.line <= len(lines), problem
            assert problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}\n\t'\"&*!#1")), max_size=60))
def test_arbitrary_text_only_ever_raises_framework_error(text: str) -> None:
    try:
        result = load_framework_text(text, "fuzz.yaml")
    except FrameworkError as error:
        assert all(isinstance(p, Problem) for p in error.problems) and error.problems
    else:
        assert isinstance(result, Framework)
