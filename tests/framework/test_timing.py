"""The optional time estimates of a framework file: `timing` and a requirement's `seconds`."""

from __future__ import annotations

import pytest

from questionnaire.framework import Timing
from questionnaire.loader.load import load_framework, load_framework_text
from questionnaire.registry import FrameworkRegistry

from .helpers import TINY, located, text_problems

REQ = "domains[0].items[0].subitems[0].requirements"
TIMING = "timing:\n  answer_seconds: 20\n  evidence_seconds: 120\ndomains:\n"
SECONDS = "                theme: process\n                seconds: 45\n"

# The hashes of the frozen copies assessments already point at, per bundled framework and
# version: new optional fields left unset must not change them, or a restart would store a second
# copy of an unchanged framework. A new version of the content is a new copy: pin its hash here.
HASHES = {
    ("caict-mlops-dev-mgmt", "2026.2"): (
        "77292fa78befe49054f030a8f65685f2429d6f675c19b8dedce6dd2f6a545cd5"
    ),
    ("caict-mlops-service-capability", "2026.1"): (
        "9a5b5e35b6bcbe6296681119cc8951a11bed41ac56d13ea41a581ab8a32fd5e6"
    ),
    ("mlops-quickcheck", "2026.2"): (
        "1d51b7a44fee03b109f8ef7af99b0751fea0b907f1c1980d5bb51058b82e5762"
    ),
}
TINY_HASH = "b39a8be0480af74222c29b164663610fce975b7f2ca05bf88eb9a0a2fe4e4faf"


def _with(tiny_text: str, old: str, new: str) -> str:
    assert old in tiny_text
    return tiny_text.replace(old, new, 1)


def test_timing_and_seconds_are_optional_with_defaults_of_15_and_60_seconds() -> None:
    framework = load_framework(TINY)
    assert framework.timing is None
    assert framework.locate("DEV-1.1-a").requirement.seconds is None
    assert (Timing().answer_seconds, Timing().evidence_seconds) == (15, 60)


def test_timing_and_seconds_load(tiny_text: str) -> None:
    text = _with(
        _with(tiny_text, "domains:\n", TIMING), "                theme: process\n", SECONDS
    )
    framework = load_framework_text(text, "tiny.yaml")
    assert framework.timing == Timing(answer_seconds=20, evidence_seconds=120)
    assert framework.locate("DEV-1.1-a").requirement.seconds == 45
    assert framework.locate("DEV-1.2-a").requirement.seconds is None


def test_a_timing_block_may_set_one_of_its_keys(tiny_text: str) -> None:
    text = _with(tiny_text, "domains:\n", "timing:\n  evidence_seconds: 300\ndomains:\n")
    assert load_framework_text(text, "tiny.yaml").timing == Timing(evidence_seconds=300)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "must be at least 1, found 0 (a number)"),
        ("-5", "must be at least 1, found -5 (a number)"),
        ("7200", "must be at most 3600, found 7200 (a number)"),
        ("1.5", "expected a whole number, found 1.5 (a number)"),
        ("true", "expected a whole number, found true (a yes/no value)"),
        ("'15'", "expected a whole number, found '15' (text)"),
    ],
)
def test_bad_seconds_are_located_and_explained(tiny_text: str, value: str, message: str) -> None:
    text = _with(tiny_text, "                theme: process\n", SECONDS.replace("45", value))
    assert located(text_problems(text)) == [(37, f"{REQ}[0].seconds", message)]


def test_bad_timing_values_and_keys_are_located_and_explained(tiny_text: str) -> None:
    block = "timing:\n  answer_seconds: 0\n  evidence_seconds: 9999\n  answer: 10\ndomains:\n"
    assert located(text_problems(_with(tiny_text, "domains:\n", block))) == [
        (22, "timing.answer_seconds", "must be at least 1, found 0 (a number)"),
        (23, "timing.evidence_seconds", "must be at most 3600, found 9999 (a number)"),
        (
            24,
            "timing.answer",
            "unknown key 'answer' (allowed here: answer_seconds, evidence_seconds)",
        ),
    ]


def test_timing_must_be_a_mapping(tiny_text: str) -> None:
    [problem] = text_problems(_with(tiny_text, "domains:\n", "timing: 15\ndomains:\n"))
    assert (problem.line, problem.path) == (21, "timing")
    assert problem.message == (
        "expected a mapping with keys answer_seconds, evidence_seconds, found 15 (a number)"
    )


def test_unset_timing_leaves_the_content_hash_as_it_was() -> None:
    registry = FrameworkRegistry()
    frameworks = [registry.get(fid) for fid in registry.ids()]
    assert {(f.id, f.version): f.content_hash() for f in frameworks} == HASHES
    assert load_framework(TINY).content_hash() == TINY_HASH
    for fid in registry.ids():
        canonical = registry.get(fid).canonical_json()
        assert '"timing"' not in canonical and '"seconds"' not in canonical


def test_set_timing_is_part_of_the_frozen_copy(tiny_text: str) -> None:
    text = _with(
        _with(tiny_text, "domains:\n", TIMING), "                theme: process\n", SECONDS
    )
    framework = load_framework_text(text, "tiny.yaml")
    assert framework.content_hash() != TINY_HASH
    copy = type(framework).from_json(framework.canonical_json())
    assert copy == framework and copy.content_hash() == framework.content_hash()
