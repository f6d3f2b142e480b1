"""One malformed fixture file per kind of mistake: each problem's line, YAML path and message."""

from __future__ import annotations

from questionnaire.loader.load import load_framework

from .helpers import INVALID, TINY, located, problems_of

REQ = "domains[0].items[0].subitems[0].requirements"


def test_tiny_framework_loads_with_effective_roles() -> None:
    framework = load_framework(TINY)
    assert framework.id == "tiny"
    assert framework.requirement_count() == 3
    assert framework.locate("DEV-1.1-a").role == "owner"  # inherited from the item
    assert framework.locate("DEV-1.1-b").role == "engineer"  # set on the requirement
    assert framework.locate("DEV-1.2-a").role == "engineer"  # set on the sub-item
    assert framework.title.get("zh") == "微型成熟度模型"


def test_unknown_key_points_at_the_key_and_lists_allowed_keys() -> None:
    assert located(problems_of(INVALID / "unknown_key.yaml")) == [
        (
            18,
            "domains[0].items[0].colour",
            "unknown key 'colour' (allowed here: id, name, description, role, subitems)",
        )
    ]


def test_duplicate_id_names_the_first_use() -> None:
    assert located(problems_of(INVALID / "duplicate_id.yaml")) == [
        (
            27,
            f"{REQ}[1].id",
            f"duplicate id 'D-1.1-a': already used at {REQ}[0].id, line 22",
        )
    ]


def test_duplicate_level_number_level_key_and_role_key() -> None:
    assert located(problems_of(INVALID / "duplicate_level_and_role.yaml")) == [
        (
            8,
            "levels[2].number",
            "duplicate level number 2: already used at levels[1].number, line 7",
        ),
        (8, "levels[2].key", "duplicate level key 'basic': already used at levels[0].key, line 6"),
        (12, "roles[2].key", "duplicate role key 'owner': already used at roles[0].key, line 10"),
    ]


def test_undeclared_level() -> None:
    [problem] = problems_of(INVALID / "undeclared_level.yaml")
    assert problem.line == 28
    assert str(problem) == (
        f"{INVALID / 'undeclared_level.yaml'}:28: {REQ}[1].level: "
        "level 7 is not declared in levels (declared: 1, 2)"
    )


def test_unknown_role() -> None:
    assert located(problems_of(INVALID / "unknown_role.yaml")) == [
        (29, f"{REQ}[1].role", "role 'tester' is not declared in roles (declared: owner, engineer)")
    ]


def test_missing_effective_role_names_where_to_set_it() -> None:
    assert located(problems_of(INVALID / "missing_role.yaml")) == [
        (
            21,
            f"{REQ}[0]",
            "requirement 'D-1.1-a' has no responsible role: set 'role' on it, on its sub-item "
            "'D-1.1' or on its item 'D-1' (declared roles: owner, engineer)",
        )
    ]


def test_empty_containers() -> None:
    assert located(problems_of(INVALID / "empty_containers.yaml")) == [
        (
            35,
            "domains[0].items[0].subitems[1].requirements",
            "sub-item 'D-1.2' has no requirements: add at least one requirement",
        ),
        (
            38,
            "domains[0].items[1].subitems",
            "item 'D-2' has no sub-items: add at least one sub-item",
        ),
        (41, "domains[1].items", "domain 'E' has no items: add at least one item"),
    ]


def test_wrong_types_say_what_was_found() -> None:
    assert located(problems_of(INVALID / "wrong_type.yaml")) == [
        (3, "version", 'expected text, found 1.0 (a number); put it in quotes: "1.0"'),
        (
            4,
            "title",
            "expected text (a string, or a mapping with 'en' and optional 'zh'), "
            "found a list of 1 entry",
        ),
        (23, f"{REQ}[0].level", "expected a whole number, found 'one' (text)"),
    ]


def test_duplicate_yaml_key_is_detected() -> None:
    assert located(problems_of(INVALID / "duplicate_yaml_key.yaml")) == [
        (
            25,
            f"{REQ}[0].text",
            "duplicate key 'text' (first given at line 24); YAML keeps only the last value, "
            "so the earlier one would be lost",
        )
    ]


def test_yaml_syntax_error_has_the_line_of_the_mark() -> None:
    [problem] = problems_of(INVALID / "syntax_error.yaml")
    assert problem.line == 25
    assert problem.path == ""
    assert problem.message.startswith("YAML syntax error: expected <block end>")
    assert "(while parsing a block collection at line 22)" in problem.message
    assert problem.message.endswith("check the indentation of this line and the ones above it")


def test_levels_not_consecutive() -> None:
    assert located(problems_of(INVALID / "levels_not_consecutive.yaml")) == [
        (
            7,
            "levels[1].number",
            "levels must be numbered 1, 2, 3, ... in order without gaps; "
            "found 1, 3 (expected 1, 2)",
        )
    ]


def test_every_invalid_fixture_fails_and_every_problem_has_a_line() -> None:
    for path in sorted(INVALID.glob("*.yaml")):
        for problem in problems_of(path):
            assert problem.file == str(path)
            assert problem.line is not None, problem
