"""A language check for what a reader receives: English sentences in a text meant for a
Chinese reader, Chinese in a text meant for an English one.

Not counted: what people typed (names of assessments, projects, notes: pass them as `typed`),
framework texts the framework has no Chinese for (`untranslated(framework)`), Slack markup
(mentions, channels, dates, links, emoji codes), code spans (commands, requirement ids) and
requirement ids like RM.DA.DC.L1.1."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from questionnaire.framework import Framework, Text

# Words that read the same in both interfaces.
NAMES = ("Maturity Bot", "Slack", "PDF", "HTML", "YYYY-MM-DD", "UTC")
SLACK_MARKUP = re.compile(r"<[^<>]*>")  # <@U1>, <#C1>, <!date^…|…>, <https://…|label>
EMOJI = re.compile(r":[a-z0-9_+\-]+:")
CODE = re.compile(r"`[^`]*`")
URL = re.compile(r"https?://\S+")
REQUIREMENT_ID = re.compile(r"\b[A-Z]{1,4}(?:\.[A-Za-z0-9]+){2,}\b")
WORD = r"[A-Za-z][A-Za-z0-9'’\-]*"
ENGLISH_RUN = re.compile(rf"{WORD}(?:[ \t]+{WORD})+")  # two or more words in a row
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


def untranslated(framework: Framework, locale: str = "zh") -> list[str]:
    """The English a `locale` reader meets in the framework's own texts: the whole English of
    every text without a `locale` version, and the English terms its `locale` texts keep as
    practitioners write them (tool and method names such as Ray Tune or Fleiss kappa)."""
    texts = list(_texts(framework))
    whole = [text.en for text in texts if locale not in text.locales()]
    kept = {
        run for text in texts if locale in text.locales() for run in english_in(text.get(locale))
    }
    return [*whole, *sorted(kept)]


def _texts(value: object) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _stripped(text: str) -> str:
    """`text` without what reads the same in either language."""
    for name in NAMES:
        text = text.replace(name, " ")
    for pattern in (SLACK_MARKUP, CODE, URL, EMOJI, REQUIREMENT_ID):
        text = pattern.sub(" ", text)
    return text


def _foreign(runs: list[str], typed: Iterable[str]) -> list[str]:
    """The runs that are not part of an allowed text (a clipped one included)."""
    allowed = [t for t in typed if t]
    return [run for run in runs if not any(run in text for text in allowed)]


def english_in(text: str, typed: Iterable[str] = ()) -> list[str]:
    """The runs of two or more English words in a text meant for a Chinese reader."""
    return _foreign(ENGLISH_RUN.findall(_stripped(text)), typed)


def chinese_in(text: str, typed: Iterable[str] = ()) -> list[str]:
    """The Chinese characters (and full-width punctuation) in a text meant for an English
    reader."""
    return _foreign(CJK.findall(_stripped(text)), typed)


def texts_of(payload: object) -> list[str]:
    """Every human-readable string of a Slack payload (message, modal, Home view, blocks): the
    `text` fields, labels, placeholders, hints, titles, options and confirm dialogs."""
    found: list[str] = []
    skip = {
        "action_id",
        "block_id",
        "callback_id",
        "value",
        "type",
        "private_metadata",
        "url",
        "image_url",
        "style",
        "initial_date",
        "initial_time",
        "initial_value",
        "initial_users",
        "initial_user",
        "initial_conversation",
        "channel",
        "user",
        "ts",
        "thread_ts",
        "external_id",
        "view_id",
        "team_id",
        "app_id",
        "bot_id",
        "hash",
        "id",
        "event_type",
        "event_payload",
        "metadata",
        "trigger_id",
        "response_action",
    }

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in skip:
                    walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key:
            found.append(value)

    walk(payload)
    return found
