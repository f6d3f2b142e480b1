"""What the bot writes, in the reader's language.

Strings are marked with `_()` (and `ngettext()` for counts; `N_()` marks a string kept in a constant
and translated where it is shown). The locale is not passed down every call: whoever knows the
reader (a delivery job, a listener, a report) wraps the rendering in `with speaking(locale):`, and
every `_()` inside reads it. The catalogs are gettext `.po` files under `bot/i18n/locale/`, read
with Babel on first use (no compile step, nothing binary in the repository); English is the source
language and needs no catalog. `make messages` re-extracts the strings and updates the catalogs.

Dates and percentages go through Babel's formatters here, in the current locale (durations are the
framework's own rough estimates, `questionnaire.estimates.rough_time`, translated as phrases).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from gettext import NullTranslations
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"
# The languages the interface is written in; any other locale reads English.
SUPPORTED = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}

_current: ContextVar[str] = ContextVar("maturity_bot_locale", default=DEFAULT)


def supported(locale: str | None) -> str:
    """The interface language for a Slack or POSIX locale (`zh-CN`, `en_US`, `ja-JP`): the
    catalog of its language, else English."""
    language = (locale or "").strip().lower().replace("_", "-").split("-")[0]
    return language if language in SUPPORTED else DEFAULT


@contextmanager
def speaking(locale: str | None) -> Iterator[str]:
    """Within the block, `_()` and the formatters speak `locale` (a Slack locale is fine)."""
    language = supported(locale)
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def current_locale() -> str:
    return _current.get()


def speak(locale: str | None) -> str:
    """Speak `locale` from now on in this context (a request's middleware: the listener runs
    after it returns, in a copy of its context); `speaking()` where a block can be wrapped."""
    language = supported(locale)
    _current.set(language)
    return language


@functools.cache
def _translations(language: str) -> NullTranslations:
    if language == DEFAULT:
        return NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def _(message: str) -> str:
    """`message` in the current language (itself where untranslated)."""
    return _translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language; write `%(num)d` for the number:
    `ngettext("%(num)d question", "%(num)d questions", n) % {"num": n}`."""
    return _translations(_current.get()).ngettext(singular, plural, count)


def said(text: object) -> str:
    """A use case's message in the current language: a `questionnaire.phrases.Phrase` has its
    template translated and filled in (its parameters too, when they are Phrases); any other
    text is looked up as it is (a constant marked with `N_`), else shown unchanged."""
    from questionnaire.phrases import Phrase

    if isinstance(text, BaseException):
        fields = getattr(text, "fields", None)  # an Invalid: each field's message
        if isinstance(fields, dict) and fields:
            return "; ".join(said(message) for message in fields.values())
        text = text.args[0] if text.args else str(text)
    if isinstance(text, Phrase):
        if not text.params:
            return _(text.template)
        params = {k: said(v) if isinstance(v, Phrase) else v for k, v in text.params.items()}
        return _(text.template) % params
    return _(str(text)) if text else ""


def N_(message: str) -> str:
    """Marks `message` for the catalogs without translating it (constants; translate on use)."""
    return message


def _babel_locale() -> str:
    return {"en": "en_GB", "zh": "zh_Hans_CN"}.get(_current.get(), "en_GB")


def format_day(value: date) -> str:
    """The one way dates read in messages: `Mon 7 Dec 2026`; `2026年12月7日 周一`."""
    from babel.dates import format_date

    if _current.get() == "zh":
        return format_date(value, "y年M月d日 EEE", locale=_babel_locale())
    return format_date(value, "EEE d MMM y", locale=_babel_locale())


def weekday_name(index: int, short: bool = False) -> str:
    """The weekday `index` (0 Monday … 6 Sunday): `Monday` / `Mon`; `周一` in Chinese."""
    from babel.dates import get_day_names

    names = get_day_names(
        "abbreviated" if short or _current.get() == "zh" else "wide", locale=_babel_locale()
    )
    return str(names[index])


def format_percent(fraction: float) -> str:
    """`0.42` → `42%`."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=_babel_locale())


def install_jinja(env: object) -> None:
    """Gives a Jinja2 environment `{% trans %}` and `_()` that speak the current locale (newstyle
    gettext: `{{ ngettext("%(num)d question", "%(num)d questions", n) }}` formats itself)."""
    import jinja2

    assert isinstance(env, jinja2.Environment)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: _(message), lambda s, p, n: ngettext(s, p, n), newstyle=True
    )
