"""What an assessor would sign in the bundled frameworks' content: both languages for every text,
evidence where it is graded, a Level 5 about the project, and the service-capability framework's
tiers, dimensions and scope."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from questionnaire.framework import Framework
from questionnaire.loader.locales import texts
from questionnaire.registry import FrameworkRegistry

CAICT = "caict-mlops-dev-mgmt"
SERVICE = "caict-mlops-service-capability"
LOCALES = {"en", "zh"}
# A Level 5 statement grades the assessed project, not the organisation around it.
ORGANISATION_WORDS = (
    "organisation",
    "organization",
    "company",
    "enterprise",
    "several teams",
    "other teams",
    "across teams",
    "all projects",
    "across projects",
    "every project",
    "other projects",
    "industry",
    "business units",
    "group-wide",
)
# L5 requirement ids whose text uses one of those words and was read and kept, each with why
# (e.g. "contributes the project's template to the company catalogue: a project practice").
# Empty: the L5 texts of version 2026.2 were rewritten as practices of the assessed project, and
# none of them uses such a word. A later one that does is read and listed here, or rewritten.
REVIEWED_L5: dict[str, str] = {}


@cache
def _registry() -> FrameworkRegistry:
    return FrameworkRegistry()


def _framework(framework_id: str) -> Framework:
    return _registry().get(framework_id)


def _bundled() -> list[str]:
    return [info.id for info in _registry().list() if info.bundled]


BUNDLED = (CAICT, "mlops-quickcheck", SERVICE)


def test_every_bundled_framework_loads() -> None:
    assert _registry().problems() == []
    assert set(_bundled()) == set(BUNDLED), "a new bundled framework: add it to BUNDLED"


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_the_readme_shows_every_bundled_frameworks_provenance(framework_id: str) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The bundled frameworks", 1)[1].split("\n## ", 1)[0]
    shown = " ".join(re.sub(r"(?m)^> ?", "", section).split())
    provenance = _framework(framework_id).provenance
    assert provenance is not None
    assert " ".join(provenance.en.split()) in shown


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_every_text_has_english_and_chinese(framework_id: str) -> None:
    lacking = [
        f"{path} lacks {', '.join(sorted(LOCALES - text.locales()))}"
        for path, text in texts(_framework(framework_id))
        if not text.locales() >= LOCALES
    ]
    assert lacking == [], f"{len(lacking)} texts: {lacking[:10]}"


# Full-width punctuation of Chinese text; a space next to one is a line break folded by YAML.
FULL_WIDTH = "，。；：、！？（）《》“”「」"


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_chinese_texts_have_no_space_next_to_full_width_punctuation(framework_id: str) -> None:
    spaced = re.compile(f"[{FULL_WIDTH}] | [{FULL_WIDTH}]")
    found = [
        path for path, text in texts(_framework(framework_id)) if spaced.search(text.get("zh"))
    ]
    assert found == [], f"{len(found)} texts: {found[:10]}"


def test_caict_requires_evidence_at_levels_4_and_5() -> None:
    without = [
        loc.requirement.id
        for loc in _framework(CAICT).requirements()
        if loc.requirement.level >= 4 and not loc.requirement.evidence.required
    ]
    assert without == []


@pytest.mark.parametrize("framework_id", [CAICT, SERVICE])
def test_required_evidence_always_has_examples(framework_id: str) -> None:
    without = [
        loc.requirement.id
        for loc in _framework(framework_id).requirements()
        if loc.requirement.evidence.required and not loc.requirement.evidence.examples
    ]
    assert without == []


def test_caict_has_between_200_and_300_requirements() -> None:
    assert 200 <= _framework(CAICT).requirement_count() <= 300


def test_no_caict_level_5_statement_is_about_the_organisation() -> None:
    found = {
        loc.requirement.id: word
        for loc in _framework(CAICT).requirements()
        if loc.requirement.level == 5
        for word in ORGANISATION_WORDS
        if word in loc.requirement.text.en.lower()
    }
    unreviewed = {rid: word for rid, word in found.items() if rid not in REVIEWED_L5}
    assert unreviewed == {}
    stale = set(REVIEWED_L5) - set(found)
    assert stale == set(), "reviewed ids that no longer use such a word: drop them"


def test_the_service_framework_has_three_tiers() -> None:
    levels = _framework(SERVICE).levels
    assert [(level.number, level.key) for level in levels] == [
        (1, "basic"),
        (2, "enhanced"),
        (3, "flagship"),
    ]


def test_the_service_framework_tags_every_requirement_with_one_of_four_dimensions() -> None:
    framework = _framework(SERVICE)
    assert framework.dimensions is not None and len(framework.dimensions) == 4
    keys = {dimension.key for dimension in framework.dimensions}
    untagged = [
        loc.requirement.id
        for loc in framework.requirements()
        if loc.requirement.dimension not in keys
    ]
    assert untagged == []


def test_the_service_framework_requires_evidence_throughout() -> None:
    without = [
        loc.requirement.id
        for loc in _framework(SERVICE).requirements()
        if not loc.requirement.evidence.required
    ]
    assert without == []


def test_the_service_framework_can_be_scoped_to_the_caict_modules() -> None:
    """Scoped by module (domain), over the same three modules and as many capability items in
    each as the development-management framework."""
    service, caict = _framework(SERVICE), _framework(CAICT)
    assert service.scope is not None and service.scope.unit == "domain"
    assert [(d.name.en, len(d.items)) for d in service.domains] == [
        (d.name.en, len(d.items)) for d in caict.domains
    ]
