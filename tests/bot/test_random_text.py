"""Random text through the free-text fields and command arguments, over the real app: never a
5xx; kept exactly as typed (minus NUL, which no database stores, and lone surrogates, which
become U+FFFD) or refused on its field with nothing written; and the report shows it as kept."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.reporting.formats import render
from bot.reporting.report import build_report
from bot.wiring.inbound import clean_text
from devkit.demo import scenario
from devkit.demo.harness import Harness
from devkit.standin import plain_text_value
from questionnaire.usecases.answering import COMMENT_MAX
from questionnaire.usecases.context import load_view
from questionnaire.usecases.evidence import NOTE_MAX

from .steps import CHANNEL, PAUL, page_of

SPECIAL = ["\x00", "\ud800", "\udfff", "\u202e", "\u200f", "&amp;", "&", "<", ">", "<!channel>"]
SPECIAL += ["`", "*", "_", "~", "\n", "\t", "|", "😀", "中文"]
PIECES = st.one_of(st.text(max_size=30), st.sampled_from(SPECIAL))
TEXT = st.one_of(
    st.lists(PIECES, max_size=8).map("".join),
    st.sampled_from(["x" * 10_000, "&<>" * 700]),  # 10 kB, and over every limit
)
RUNS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def as_sent(text: str) -> str:
    """The text as the bot receives it in a JSON payload: a high surrogate followed by a low
    one travels as a pair of escapes and arrives as the one character they make."""
    received: str = json.loads(json.dumps(text))
    return received


def _report(h: Harness, aid: int) -> dict[str, Any]:
    with h.services.uow() as uow:
        view = load_view(uow, h.team_id, aid)
    report: dict[str, Any] = json.loads(render(build_report(view), "json"))
    return report


def _row(report: dict[str, Any], requirement_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in report["requirements"] if r["id"] == requirement_id)
    return found


@RUNS
@given(comment=TEXT, note=TEXT, words=TEXT)
@example(comment="\ud800\udfff", note="a\x00\ud800b", words="R&amp;D “x”")  # a pair, a lone one
def test_free_text_is_kept_as_typed_or_refused_never_a_5xx(
    started: tuple[Harness, int], comment: str, note: str, words: str
) -> None:
    h, aid = started
    if not _questions(h):  # the first example: Paul starts
        scenario.click(h, PAUL, "continue")
    requirement = _questions(h)[0]
    scenario.click(h, PAUL, "answer:partial", requirement=requirement)

    # A comment, from the question's ⋯ menu.
    before = _row(_report(h, aid), requirement)["comment"]
    label = "Edit comment" if before else "Add a comment"  # the menu names what is there
    scenario.pick_from_menu(h, PAUL, label, requirement=requirement, page=page_of(h, PAUL))
    sent = h.users.view_submission(
        PAUL, "answer_comment", {"comment": {"value": plain_text_value(comment)}}
    )
    assert sent.status == 200
    kept = clean_text(as_sent(comment)).strip()
    if len(kept) > COMMENT_MAX:
        assert "comment" in sent.body["errors"]
        assert _row(_report(h, aid), requirement)["comment"] == before
        h.slack.close_view(h.slack.open_modal(PAUL).id, clear=True)  # type: ignore[union-attr]
    else:
        assert not sent.body
        assert _row(_report(h, aid), requirement)["comment"] == (kept or None)

    # A note as evidence, from Add evidence.
    count = len(_row(_report(h, aid), requirement)["evidence"])
    scenario.pick_from_menu(h, PAUL, "Add evidence", requirement=requirement, page=page_of(h, PAUL))
    sent = h.users.view_submission(
        PAUL, "add_evidence", {"note": {"value": plain_text_value(note)}}
    )
    assert sent.status == 200
    evidence = _row(_report(h, aid), requirement)["evidence"]
    kept = clean_text(as_sent(note)).strip()
    if sent.body:  # refused: empty, or over the limit; nothing attached
        assert not kept or len(kept) > NOTE_MAX
        assert len(evidence) == count
        h.slack.close_view(h.slack.open_modal(PAUL).id, clear=True)  # type: ignore[union-attr]
    else:
        assert len(evidence) == count + 1 and evidence[-1]["note"] == kept

    # Command arguments (a form body carries UTF-8: Slack sends no lone surrogate there).
    typed = "".join(ch for ch in words if not 0xD800 <= ord(ch) <= 0xDFFF)
    assert h.users.slash_command(PAUL, f"status {typed}", channel_id=CHANNEL).status == 200


def _questions(h: Harness) -> list[str]:
    """The questions on Paul's newest page (answered or not); none before he starts."""
    for message in reversed(h.slack.messages(PAUL)):
        blocks = message.blocks or []
        found = [b["block_id"][2:] for b in blocks if b.get("block_id", "")[:2] == "q:"]
        if found:
            return found
    return []
