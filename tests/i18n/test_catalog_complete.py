"""Every string marked for translation has a Simplified Chinese translation: the strings are
extracted afresh (as `make messages` does) and each must be in the zh catalog, translated, not
fuzzy, with the same placeholders. English is the source language and needs no catalog."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
ZH = ROOT / "bot" / "i18n" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted(tmp_path: Path) -> Catalog:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "--quiet", "extract", "-F", "babel.cfg", "-k", "N_", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as file:
        return read_po(file)


def test_every_marked_string_has_a_chinese_translation(tmp_path: Path) -> None:
    with ZH.open("rb") as file:
        zh = read_po(file, locale="zh")
    missing, fuzzy, broken = [], [], []
    for message in _extracted(tmp_path):
        if not message.id:
            continue
        found = zh.get(message.id)
        strings = found.string if found else None
        texts = strings if isinstance(strings, tuple) else (strings,)
        if found is None or not all(texts):
            missing.append(message.id)
        elif found.fuzzy:
            fuzzy.append(message.id)
        else:
            source = message.id if isinstance(message.id, str) else message.id[0]
            wanted = set(PLACEHOLDER.findall(source))
            if any(set(PLACEHOLDER.findall(text)) != wanted for text in texts):
                broken.append(message.id)
    assert missing == [], f"untranslated in {ZH.name}: {missing}"
    assert fuzzy == [], f"fuzzy (not used) in {ZH.name}: {fuzzy}"
    assert broken == [], f"placeholders differ from the English: {broken}"
