"""Framework definitions: the pydantic models a maturity-model YAML file is validated against."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictInt, model_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
KEY_PATTERN = r"^[a-z][a-z0-9_\-]{0,39}$"
MAX_SECONDS = 3600  # a time estimate of more than an hour for one question is a typo


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


class Text(_Model):
    """A text given per locale: `{en: ..., zh: ..., ja: ...}`, English required; any other locale
    is an extra key (`zh`, `zh-hant`, `pt-br`), so a framework author adds a language without a code
    change. A plain YAML string means English."""

    model_config = ConfigDict(extra="allow", frozen=True)

    en: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_english(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"en": value}
        if isinstance(value, dict):
            return {_locale_key(key): text for key, text in value.items() if text is not None}
        return value

    @model_validator(mode="after")
    def _texts_are_strings(self) -> Text:
        for key, text in (self.model_extra or {}).items():
            if not LOCALE_PATTERN.match(key):
                raise ValueError(f"{key!r} is not a locale (write e.g. en, zh, zh-hant, pt-br)")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the {key!r} text must be a non-empty string")
        return self

    def locales(self) -> frozenset[str]:
        return frozenset({"en", *(self.model_extra or {})})

    def get(self, locale: str = "en") -> str:
        """The text in `locale` (`zh`, `zh-CN`, `zh_Hans_CN`...): the exact locale, then its
        language, then English."""
        extra = self.model_extra or {}
        key = _locale_key(locale)
        while key:
            if key == "en":
                return self.en
            if key in extra:
                return str(extra[key])
            key = key.rpartition("-")[0]
        return self.en

    def __str__(self) -> str:
        return self.en


_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?](?=\s)|[。！？]")


def first_sentence(text: str) -> str:
    """The text up to and including its first full stop (`.` before a space, or `。`)."""
    text = " ".join(text.split())
    found = _SENTENCE_END.search(text)
    return text[: found.end()] if found else text


def _locale_key(locale: object) -> str:
    return str(locale).strip().lower().replace("_", "-")


class Tag(_Model):
    """One entry of a framework's `themes` or `dimensions`: a key requirements name, and what it
    means."""

    key: str = Field(pattern=KEY_PATTERN)
    name: Text
    description: Text | None = None


# The themes of a framework that declares none: the ladder the CAICT levels climb.
DEFAULT_THEMES: tuple[Tag, ...] = (
    Tag(
        key="process",
        name=Text.model_validate({"en": "Process", "zh": "流程"}),
        description=Text.model_validate(
            {"en": "A defined process exists and is followed.", "zh": "有明确的流程并得到执行。"}
        ),
    ),
    Tag(
        key="versioned-assets",
        name=Text.model_validate({"en": "Versioned assets", "zh": "版本化资产"}),
        description=Text.model_validate(
            {
                "en": "Artefacts are standardised, versioned and reviewed.",
                "zh": "产出物标准化、有版本并经过评审。",
            }
        ),
    ),
    Tag(
        key="automation",
        name=Text.model_validate({"en": "Automation", "zh": "自动化"}),
        description=Text.model_validate(
            {"en": "Tools and pipelines do the work.", "zh": "由工具和流水线完成工作。"}
        ),
    ),
    Tag(
        key="traceability",
        name=Text.model_validate({"en": "Traceability", "zh": "可追溯性"}),
        description=Text.model_validate(
            {"en": "Work is traceable end to end.", "zh": "工作端到端可追溯。"}
        ),
    ),
)


class Scope(_Model):
    """What an assessment may leave out: whole domains (modules), chosen when it starts."""

    unit: Literal["domain"]


class Level(_Model):
    number: int = Field(ge=1, le=9)
    key: str = Field(pattern=KEY_PATTERN)
    name: Text
    description: Text | None = None


class Role(_Model):
    key: str = Field(pattern=KEY_PATTERN)
    name: Text
    description: Text | None = None


class ScoringOptions(_Model):
    rollup: Literal["min", "mean-floor"] = "min"


class Timing(_Model):
    """How long one question takes: to answer it, and on top to find and attach its evidence."""

    answer_seconds: StrictInt = Field(default=15, ge=1, le=MAX_SECONDS)
    evidence_seconds: StrictInt = Field(default=60, ge=1, le=MAX_SECONDS)


class EvidenceSpec(_Model):
    required: bool = False
    examples: list[Text] = Field(default_factory=list)


class Requirement(_Model):
    id: str = Field(pattern=ID_PATTERN)
    level: int
    text: Text
    guidance: Text
    evidence: EvidenceSpec = Field(default_factory=EvidenceSpec)
    role: str | None = None
    theme: str | None = None  # a key of the framework's themes
    dimension: str | None = None  # a key of the framework's dimensions, exactly when it has them
    not_applicable_when: Text | None = None
    seconds: StrictInt | None = Field(default=None, ge=1, le=MAX_SECONDS)


class SubItem(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    description: Text | None = None
    role: str | None = None
    not_applicable_when: Text | None = None
    requirements: list[Requirement]


class Item(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    description: Text | None = None
    role: str | None = None
    subitems: list[SubItem]


class Domain(_Model):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    description: Text | None = None
    items: list[Item]


class Located(_Model):
    """Where a requirement sits in the tree, with its effective responsible role."""

    domain: Domain
    item: Item
    subitem: SubItem
    requirement: Requirement
    role: str


class Framework(_Model):
    """A whole maturity model. Cross-references are checked by the loader (see `loader/checks.py`)."""

    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1, max_length=40)
    title: Text
    description: Text | None = None
    provenance: Text | None = None
    levels: list[Level]
    roles: list[Role]
    scoring: ScoringOptions = Field(default_factory=ScoringOptions)
    # None, not Timing(): an unset optional block stays out of the canonical JSON and its hash
    timing: Timing | None = None
    themes: list[Tag] | None = None  # None: DEFAULT_THEMES
    dimensions: list[Tag] | None = None
    scope: Scope | None = None
    domains: list[Domain]

    _index: dict[str, Located] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        for domain in self.domains:
            for item in domain.items:
                for sub in item.subitems:
                    for req in sub.requirements:
                        role = req.role or sub.role or item.role or ""
                        self._index[req.id] = Located(
                            domain=domain, item=item, subitem=sub, requirement=req, role=role
                        )

    # --- lookups -----------------------------------------------------------------------------

    def requirements(self) -> Iterator[Located]:
        """Every requirement in document order, with its place and effective role."""
        return iter(self._index.values())

    def locate(self, requirement_id: str) -> Located:
        """The requirement with this id and where it sits; KeyError if there is none."""
        return self._index[requirement_id]

    def has_requirement(self, requirement_id: str) -> bool:
        return requirement_id in self._index

    def items(self) -> Iterator[tuple[Domain, Item]]:
        """Every capability item in document order, with its domain."""
        for domain in self.domains:
            for item in domain.items:
                yield domain, item

    def item(self, item_id: str) -> tuple[Domain, Item]:
        for domain, item in self.items():
            if item.id == item_id:
                return domain, item
        raise KeyError(item_id)

    def level(self, number: int) -> Level:
        for level in self.levels:
            if level.number == number:
                return level
        raise KeyError(number)

    def level_label(self, number: int, locale: str = "en", *, long: bool = False) -> str:
        """`L2 · Professional` for compact rows, `Level 2 · Professional` (`long`) for headlines;
        level 0 is `L0 · Not yet <lowest level>` / `Level 0 · Not yet <lowest level>`."""
        prefix = "Level " if long else "L"
        if number <= 0:
            return f"{prefix}0 · Not yet {self.levels[0].name.get(locale)}"
        return f"{prefix}{number} · {self.level(number).name.get(locale)}"

    def provenance_summary(self, locale: str = "en") -> str:
        """The provenance note's first sentence (empty without one), for places with little room;
        the whole note belongs in reports and the README."""
        return first_sentence(self.provenance.get(locale)) if self.provenance else ""

    def theme_list(self) -> tuple[Tag, ...]:
        """The themes requirements may name: the declared ones, else `DEFAULT_THEMES`."""
        return tuple(self.themes) if self.themes is not None else DEFAULT_THEMES

    def domain_ids(self) -> tuple[str, ...]:
        """Every domain id in document order."""
        return tuple(domain.id for domain in self.domains)

    def role(self, key: str) -> Role:
        for role in self.roles:
            if role.key == key:
                return role
        raise KeyError(key)

    @property
    def max_level(self) -> int:
        return max(level.number for level in self.levels)

    def requirement_count(self) -> int:
        return len(self._index)

    # --- frozen copies -------------------------------------------------------------------------

    def canonical_json(self) -> str:
        """A stable JSON form of the whole framework (what an assessment freezes)."""
        return self.model_dump_json(exclude_none=True)

    def content_hash(self) -> str:
        """sha256 of the canonical JSON: equal frameworks share one stored copy."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str) -> Framework:
        return cls.model_validate_json(text)
