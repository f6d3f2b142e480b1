"""Whose language a reader gets: their Slack locale, else the workspace's, else the default;
and the admin command that sets the workspace's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import _, current_locale, said, speak, speaking, supported
from questionnaire.domain import Profile
from questionnaire.phrases import N_, Phrase
from questionnaire.usecases.errors import Invalid, NotAllowed
from questionnaire.usecases.people import (
    reader_locale,
    save_profiles,
    set_workspace_language,
    workspace_language,
)
from tests.fakes import MemoryStore

TEAM = "T1"


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    people = [Profile("ULI", "Li", locale="zh-CN"), Profile("UJO", "Jo", locale="en-US")]
    save_profiles(store.uow_factory(), Clock(), TEAM, [*people, Profile("UNO", "No locale")])
    return store


def locale(store: MemoryStore, user: str, default: str = "en") -> str:
    with store.uow_factory()() as uow:
        return reader_locale(uow, TEAM, user, default)


def test_the_slack_locale_comes_first_then_the_workspace_then_the_default(
    store: MemoryStore,
) -> None:
    assert [locale(store, u) for u in ("ULI", "UJO", "UNO", "UNKNOWN")] == [
        "zh-CN",
        "en-US",
        "en",
        "en",
    ]
    assert locale(store, "UNO", default="zh") == "zh"
    set_workspace_language(store.uow_factory(), Clock(), TEAM, "zh", "UADMIN", {"UADMIN"})
    assert workspace_language(store.uow_factory(), TEAM) == "zh"
    assert [locale(store, u) for u in ("ULI", "UJO", "UNO", "UNKNOWN")] == [
        "zh-CN",
        "en-US",  # their own Slack setting still wins
        "zh",
        "zh",
    ]
    set_workspace_language(store.uow_factory(), Clock(), TEAM, None, "UADMIN", {"UADMIN"})
    assert locale(store, "UNO", default="zh") == "zh" and locale(store, "UNO") == "en"


def test_only_an_admin_sets_the_workspace_language(store: MemoryStore) -> None:
    with pytest.raises(NotAllowed):
        set_workspace_language(store.uow_factory(), Clock(), TEAM, "zh", "ULI", {"UADMIN"})
    assert workspace_language(store.uow_factory(), TEAM) is None


def test_slack_locales_map_to_the_interface_languages() -> None:
    assert [supported(x) for x in ("zh-CN", "zh_TW", "en-US", "ja-JP", None, "")] == [
        "zh",
        "zh",
        "en",
        "en",
        "en",
        "en",
    ]
    with speaking("zh-CN"):
        assert current_locale() == "zh" and _("Cancel") == "取消"
        with speaking("en-GB"):
            assert _("Cancel") == "Cancel"
        assert _("Cancel") == "取消"
    assert current_locale() == "en"


def test_a_use_case_message_is_translated_with_its_parameters() -> None:
    closed = Phrase(N_("“%(name)s” is closed: %(why)s."), name="Q4", why=Phrase(N_("close it")))
    assert closed == "“Q4” is closed: close it."  # reads as English anywhere
    invalid = Invalid({"name": Phrase(N_("Keep the name under %(max)d characters."), max=80)})
    with speaking("zh"):
        assert said(closed) == "“Q4”已结束：结束评估。"
        assert said(invalid) == "名称不能超过 80 个字符。"
        assert said("Not a marked string") == "Not a marked string"


def test_speak_sets_the_language_for_what_follows_in_the_context() -> None:
    import contextvars

    def run() -> tuple[str, str]:
        speak("zh-CN")
        return current_locale(), _("Cancel")

    assert contextvars.copy_context().run(run) == ("zh", "取消")
    assert current_locale() == "en"  # the caller's context is untouched
