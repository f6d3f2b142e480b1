"""The optional framework fields: themes, dimensions, not_applicable_when and scope."""

from __future__ import annotations

from questionnaire.framework import DEFAULT_THEMES, Scope
from questionnaire.loader.load import load_framework, load_framework_text
from questionnaire.loader.locales import locale_gaps, texts

from .helpers import SCOPED, TINY, located, text_problems

REQ = "domains[0].items[0].subitems[0].requirements"
THEMES = (
    "themes:\n"
    "  - {key: process, name: Process}\n"
    "  - {key: governance, name: {en: Governance, zh: 治理}, description: Who decides.}\n"
)


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _scoped() -> str:
    return SCOPED.read_text(encoding="utf-8")


def test_the_scoped_fixture_loads_every_new_field() -> None:
    framework = load_framework(SCOPED)
    assert [tag.key for tag in framework.theme_list()] == ["process", "governance"]
    assert [tag.key for tag in framework.dimensions or []] == ["functionality", "automation"]
    assert framework.scope == Scope(unit="domain")
    sub = framework.locate("DATA.1.1.a").subitem
    assert sub.not_applicable_when is not None
    assert sub.not_applicable_when.get("zh") == "产品不接入数据。"
    req = framework.locate("DATA.1.1.b").requirement
    assert (req.theme, req.dimension) == (None, "automation")
    assert req.not_applicable_when is not None
    assert req.not_applicable_when.en == "Data arrives only by hand."


def test_without_themes_the_four_default_themes_apply_and_stay_out_of_the_json() -> None:
    framework = load_framework(TINY)
    assert framework.themes is None
    assert [tag.key for tag in framework.theme_list()] == [
        "process",
        "versioned-assets",
        "automation",
        "traceability",
    ]
    assert framework.theme_list() == DEFAULT_THEMES
    canonical = framework.canonical_json()
    for key in ("themes", "dimensions", "scope", "not_applicable_when", "dimension"):
        assert f'"{key}"' not in canonical


def test_a_theme_is_optional(tiny_text: str) -> None:
    text = _with(tiny_text, "                theme: process\n", "")
    assert load_framework_text(text, "tiny.yaml").locate("DEV-1.1-a").requirement.theme is None


def test_declared_themes_replace_the_defaults(tiny_text: str) -> None:
    text = _with(tiny_text, "domains:\n", THEMES + "domains:\n")
    assert located(text_problems(text, "tiny.yaml")) == [
        (
            48,
            f"{REQ}[1].theme",
            "theme 'versioned-assets' is not declared in themes (declared: process, governance)",
        )
    ]
    fixed = _with(text, "theme: versioned-assets", "theme: governance")
    framework = load_framework_text(fixed, "tiny.yaml")
    assert [tag.name.get("zh") for tag in framework.theme_list()] == ["Process", "治理"]


def test_an_undeclared_default_theme_names_the_defaults(tiny_text: str) -> None:
    text = _with(tiny_text, "theme: process", "theme: measurement")
    assert located(text_problems(text, "tiny.yaml")) == [
        (
            36,
            f"{REQ}[0].theme",
            "theme 'measurement' is not declared in themes "
            "(declared: process, versioned-assets, automation, traceability)",
        )
    ]


def test_duplicate_and_empty_tag_lists_are_reported(tiny_text: str) -> None:
    duplicate = "themes:\n  - {key: process, name: A}\n  - {key: process, name: B}\ndomains:\n"
    assert (
        23,
        "themes[1].key",
        "duplicate theme key 'process': already used at themes[0].key, line 22",
    ) in located(text_problems(_with(tiny_text, "domains:\n", duplicate)))
    empty = "dimensions: []\ndomains:\n"
    assert located(text_problems(_with(tiny_text, "domains:\n", empty))) == [
        (
            21,
            "dimensions",
            "no dimensions listed: list at least one dimension, or leave 'dimensions' out",
        )
    ]


def test_a_bad_tag_key_is_explained(tiny_text: str) -> None:
    text = _with(tiny_text, "domains:\n", "themes:\n  - {key: Process, name: P}\ndomains:\n")
    assert (
        22,
        "themes[0].key",
        "'Process' is not a valid key: use 1-40 lowercase letters, digits, '_' or '-', "
        "starting with a lowercase letter",
    ) in located(text_problems(text))


def test_with_dimensions_every_requirement_needs_a_declared_one() -> None:
    text = _with(_scoped(), "                dimension: automation\n", "")
    text = _with(text, "dimension: functionality", "dimension: usability")
    assert located(text_problems(text, "scoped.yaml")) == [
        (
            35,
            f"{REQ}[0].dimension",
            "dimension 'usability' is not declared in dimensions "
            "(declared: functionality, automation)",
        ),
        (
            40,
            f"{REQ}[1]",
            "requirement 'DATA.1.1.b' has no dimension: the framework declares dimensions, so "
            "every requirement needs one (declared: functionality, automation)",
        ),
    ]


def test_without_dimensions_a_requirement_must_not_name_one(tiny_text: str) -> None:
    text = _with(tiny_text, "theme: process\n", "theme: process\n                dimension: x\n")
    assert located(text_problems(text, "tiny.yaml")) == [
        (
            37,
            f"{REQ}[0].dimension",
            "the framework declares no dimensions: add a 'dimensions' list "
            "or remove this 'dimension'",
        )
    ]


def test_scope_unit_must_be_domain() -> None:
    text = _with(_scoped(), "unit: domain", "unit: item")
    assert located(text_problems(text, "scoped.yaml")) == [
        (20, "scope.unit", "found 'item' (text); allowed: 'domain'")
    ]


def test_not_applicable_when_is_text(tiny_text: str) -> None:
    text = _with(
        tiny_text, "theme: process\n", "theme: process\n                not_applicable_when: [1]\n"
    )
    [(line, path, message)] = located(text_problems(text, "tiny.yaml"))
    assert (line, path) == (37, f"{REQ}[0].not_applicable_when")
    assert message.startswith("expected text")


def test_texts_walks_every_text_with_its_path() -> None:
    found = dict(texts(load_framework(SCOPED)))
    assert found["title"].en == "Scoped product model"
    assert found["themes[1].description"].en == "Who decides."
    assert (
        found["domains[0].items[0].subitems[0].not_applicable_when"].get("zh") == "产品不接入数据。"
    )
    assert found[f"{REQ}[0].evidence.examples[0]"].en == "A demo recording"
    assert locale_gaps(load_framework(SCOPED)) == []


def test_locale_gaps_count_the_texts_that_lack_a_locale() -> None:
    [gap] = locale_gaps(load_framework(TINY))
    assert str(gap) == "zh: 15 of 18 texts lack it, first at description"
