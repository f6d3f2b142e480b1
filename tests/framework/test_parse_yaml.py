"""libyaml's parser, when PyYAML has it, reads a framework exactly as the pure-Python one does:
the same data, the same line of every path, the same duplicate keys; bad YAML is quoted as the
pure-Python parser words it."""

from __future__ import annotations

import pytest
import yaml

from questionnaire.loader import parse_yaml as module
from questionnaire.loader.parse_yaml import parse_yaml
from questionnaire.registry import bundled_dir

DUPLICATE = "id: a\nitems:\n  - id: x\n    id: y\n  - &one {id: z}\n  - <<: *one\n    name: n\n"
BAD = "id: a\nitems: [\n  - id: x\n"


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("source", ["bundled", "duplicate", "bad"])
def test_both_parsers_read_a_framework_alike(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if source == "bundled":
        text = next(iter(sorted(bundled_dir().glob("*.yaml")))).read_text("utf-8-sig")
    else:
        text = DUPLICATE if source == "duplicate" else BAD
    fast = parse_yaml(text, "f.yaml")
    monkeypatch.setattr(module, "_FAST_LOADER", None)
    plain = parse_yaml(text, "f.yaml")
    assert fast.data == plain.data
    assert fast.problems == plain.problems
    assert fast.lines._lines == plain.lines._lines
    if source != "bundled":
        assert fast.problems, source  # a duplicate key, or the syntax error
