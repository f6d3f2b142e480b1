"""A reader's locale is read once a minute, not per request, and forgotten when it changes."""

from __future__ import annotations

from bot.i18n.readers import ReaderLocales


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_locale_is_loaded_once_until_it_expires() -> None:
    clock, loads = Clock(), []
    readers = ReaderLocales(ttl=60, now=clock)

    def load(locale: str) -> str:
        loads.append(locale)
        return locale

    assert readers.get("T1", "U1", lambda: load("zh-CN")) == "zh-CN"
    clock.now = 59
    assert readers.get("T1", "U1", lambda: load("en-US")) == "zh-CN"
    assert readers.get("T2", "U1", lambda: load("en-US")) == "en-US"  # another workspace
    clock.now = 61
    assert readers.get("T1", "U1", lambda: load("en-US")) == "en-US"
    assert loads == ["zh-CN", "en-US", "en-US"]


def test_forgetting_a_person_or_a_workspace_reads_afresh() -> None:
    readers = ReaderLocales(now=Clock())
    readers.get("T1", "U1", lambda: "zh")
    readers.get("T1", "U2", lambda: "zh")
    readers.get("T2", "U1", lambda: "zh")
    readers.forget("T1", "U1")
    assert readers.get("T1", "U1", lambda: "en") == "en"
    assert readers.get("T1", "U2", lambda: "en") == "zh"
    readers.forget("T1")
    assert readers.get("T1", "U2", lambda: "en") == "en"
    assert readers.get("T2", "U1", lambda: "en") == "zh"
