"""Checks that a text reads in one language: Chinese posts have no run of English words beyond
names, ids and the framework's English-only texts; English ones have no CJK."""

from __future__ import annotations

import re

from questionnaire.framework import Framework

ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}[ \-']+[A-Za-z]{2,}")
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def english_texts(fw: Framework) -> list[str]:
    """Framework texts that have no Chinese version (shown in English in a zh post)."""
    texts = []
    for loc in fw.requirements():
        req = loc.requirement
        for text in (req.text, req.guidance, *req.evidence.examples):
            if text.get("zh") == text.get("en"):
                texts += [text.get("en").strip(), " ".join(text.get("en").split())]
    return sorted(texts, key=len, reverse=True)


def english_runs(text: str, fw: Framework, *names: str) -> list[str]:
    """Runs of two or more English words left once ids, mentions, names and the framework's
    English-only texts (whole or clipped with `…`) are taken out."""
    text = re.sub(r"`[^`]*`|<[^>]*>|:[a-z_]+:", " ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for name in names:
        text = text.replace(name, " ")
    for framework_text in english_texts(fw):
        text = text.replace(framework_text, " ")
        head = re.escape(framework_text[:40])
        text = re.sub(head + r"[^…\n]*…", " ", text)
    return ENGLISH_RUN.findall(text)
