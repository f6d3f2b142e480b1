"""Every string the bot marks for translation has a Simplified Chinese translation, and each
translation keeps its msgid's placeholders: a missing or broken one fails here, not in Slack."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = {"zh": ROOT / "bot/i18n/locale/zh/LC_MESSAGES/messages.po"}
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}  # as `make messages` extracts
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def extracted() -> dict[str, tuple[str, ...]]:
    """msgid -> every form (singular, plural) of each string marked in the code, extracted with
    babel.cfg's mapping."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        forms = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        if forms and forms[0]:
            found[forms[0]] = forms
    return found


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted: `%(name)s`, `%d`, `{name}`."""
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def problems(marked: dict[str, tuple[str, ...]], catalog: Catalog) -> list[str]:
    """What is wrong with `catalog` for the `marked` strings: missing, empty or fuzzy entries,
    and translations whose placeholders differ from the msgid's."""
    found = []
    for msgid, forms in sorted(marked.items()):
        entry = catalog.get(msgid)
        if entry is None:
            found.append(f"no entry: {msgid!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(s and s.strip() for s in strings):
            found.append(f"untranslated{' (fuzzy)' if entry.fuzzy else ''}: {msgid!r}")
            continue
        wanted = placeholders(forms[-1])  # the plural form when there is one
        for string in strings:
            if placeholders(string) != wanted:
                found.append(f"placeholders differ: {msgid!r} -> {string!r}")
    return found


def test_the_extraction_finds_the_marked_strings() -> None:
    marked = extracted()
    assert "Add evidence" in marked  # _()
    assert "Met" in marked  # N_() in questionnaire
    assert marked["%(num)d question"] == ("%(num)d question", "%(num)d questions")  # ngettext


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_marked_string_has_a_translation(language: str) -> None:
    with CATALOGS[language].open("rb") as po:
        catalog = read_po(po, locale=language)
    assert problems(extracted(), catalog) == []


def test_a_missing_empty_fuzzy_or_misplaced_translation_is_reported() -> None:
    catalog = Catalog(locale="zh")
    catalog.add("Saved *%(name)s*.", "已保存 *%(name)s* 。")
    catalog.add("Cancel", "")
    catalog.add("Close", "关闭", flags=("fuzzy",))
    catalog.add("Hi %(person)s", "你好 %(name)s")
    catalog.add(("%(num)d day", "%(num)d days"), ("%(num)d 天",))
    marked = {
        "Saved *%(name)s*.": ("Saved *%(name)s*.",),
        "Cancel": ("Cancel",),
        "Close": ("Close",),
        "Hi %(person)s": ("Hi %(person)s",),
        "%(num)d day": ("%(num)d day", "%(num)d days"),
        "Start": ("Start",),
        "{count} left": ("{count} left",),
    }
    catalog.add("{count} left", "剩余 {n}")
    assert problems(marked, catalog) == [
        "untranslated: 'Cancel'",
        "untranslated (fuzzy): 'Close'",
        "placeholders differ: 'Hi %(person)s' -> '你好 %(name)s'",
        "no entry: 'Start'",
        "placeholders differ: '{count} left' -> '剩余 {n}'",
    ]


def marked_in_code() -> set[str]:
    """Every literal passed to `_()`, `N_()` or `ngettext()` in the code, found by Python's own
    parser (which also reads inside f-strings, where the catalog extraction does not look)."""
    found = set()
    for pattern in ("bot/**/*.py", "questionnaire/**/*.py"):
        for path in ROOT.glob(pattern):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "ngettext")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    return found


def test_every_string_marked_in_the_code_reaches_the_catalogs() -> None:
    """A `_("…")` written inside an f-string is invisible to the extraction: it would never
    be translated. Write it outside the f-string."""
    assert sorted(marked_in_code() - set(extracted())) == []
