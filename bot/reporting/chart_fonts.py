"""Fonts for charts: DejaVu Sans plus a CJK font when one is installed, and a check of which
texts those fonts can draw, so a chart falls back to English names instead of drawing boxes."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

BASE_FAMILY = "DejaVu Sans"  # bundled with matplotlib: Latin, Greek, Cyrillic, arrows, `·`
# Preferred first. Debian: fonts-noto-cjk, fonts-wqy-zenhei, fonts-wqy-microhei,
# fonts-droid-fallback; Source Han Sans is Adobe's name for Noto Sans CJK.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
# File names worth adding when matplotlib's font cache predates the font's installation.
_CJK_FILE = re.compile(r"cjk|sourcehan|wqy|droidsansfallback|notosanssc", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ChartFonts:
    """The font families a chart uses (matplotlib falls back glyph by glyph along the list)
    and the code points they cover."""

    families: tuple[str, ...]
    coverage: frozenset[int] = field(repr=False)
    base_coverage: frozenset[int] = field(repr=False, default=frozenset())

    @property
    def has_cjk(self) -> bool:
        """Whether a CJK font is among the families."""
        return len(self.families) > 1

    def can_draw(self, text: str) -> bool:
        """Every visible character of `text` has a glyph in one of the families."""
        return all(ch.isspace() or ord(ch) in self.coverage for ch in text)

    def bold_family(self, text: str) -> tuple[list[str], str]:
        """Families and weight for a bold heading: CJK fonts here have no bold face, so text
        that needs one is set in their regular weight (matplotlib would log a warning)."""
        if all(ch.isspace() or ord(ch) in self.base_coverage for ch in text):
            return [self.families[0]], "bold"
        return list(self.families), "normal"

    def pick(self, *candidates: str) -> str:
        """The first candidate these fonts can draw; else the last one without what they can't."""
        for text in candidates:
            if text and self.can_draw(text):
                return text
        last = candidates[-1] if candidates else ""
        return "".join(ch for ch in last if ch.isspace() or ord(ch) in self.coverage).strip()


@cache
def chart_fonts(cjk: bool = True) -> ChartFonts:
    """DejaVu Sans, plus the first installed CJK family unless `cjk` is False (cached)."""
    base_path = _path(BASE_FAMILY)
    base = frozenset(_charmap(base_path)) if base_path else frozenset()
    found = _find_cjk() if cjk else None
    if found is None:
        return ChartFonts((BASE_FAMILY,), base, base)
    return ChartFonts((BASE_FAMILY, found[0]), base | _charmap(found[1]), base)


def _find_cjk() -> tuple[str, str] | None:
    found = _installed(CJK_FAMILIES)
    if found is None:
        _add_system_cjk_files()  # the cache may predate the font: look at the files once
        found = _installed(CJK_FAMILIES)
    if found is None:
        log.info("no CJK font installed: charts show English names (install fonts-noto-cjk)")
    return found


def _installed(families: Iterable[str]) -> tuple[str, str] | None:
    """The first of `families` matplotlib knows, with its file."""
    from matplotlib import font_manager

    known = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    return next(((name, known[name]) for name in families if name in known), None)


def _path(family: str) -> str | None:
    found = _installed([family])
    return found[1] if found else None


def _add_system_cjk_files() -> None:
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if _CJK_FILE.search(Path(path).name):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError) as error:  # a broken font file
                log.debug("font %s not usable: %s", path, error)


def _charmap(path: str) -> set[int]:
    from matplotlib.ft2font import FT2Font

    try:
        return set(FT2Font(path).get_charmap())
    except (OSError, RuntimeError) as error:
        log.warning("font %s not readable: %s", path, error)
        return set()
