"""A thread reply as the Events API delivers it, read as the person wrote it."""

from __future__ import annotations

from bot.listeners.events import evidence_in, thread_reply, unreadable_files
from questionnaire.domain import EvidenceKind


def _event(**fields: object) -> dict[str, object]:
    return {"type": "message", "user": "U1", "ts": "2.0", "thread_ts": "1.0", **fields}


def test_links_come_back_with_the_characters_slack_escaped() -> None:
    text = "see <https://wiki.example/page?id=7&amp;tab=2|R&amp;D design doc> and <https://x.example/a&lt;b>"
    assert evidence_in(_event(text=text)) == [
        (EvidenceKind.LINK, "https://wiki.example/page?id=7&tab=2", "R&D design doc"),
        (EvidenceKind.LINK, "https://x.example/a<b", None),
    ]


def test_a_file_without_a_link_is_counted_not_attached() -> None:
    # Slack Connect and plan-limited files arrive with `file_access` and no URL.
    event = _event(
        subtype="file_share",
        files=[
            {"id": "F1", "file_access": "check_file_info"},
            {"id": "F2", "name": "plan.pdf", "permalink": "https://files.example/plan.pdf"},
        ],
    )
    assert evidence_in(event) == [(EvidenceKind.FILE, "https://files.example/plan.pdf", "plan.pdf")]
    assert unreadable_files(event) == 1
    reply = thread_reply({"event": event, "event_id": "Ev1"}, "T1")
    assert reply is not None and reply.unreadable_files == 1 and reply.team_id == "T1"


def _edited(before: str, after: str) -> dict[str, object]:
    """A message_changed event as Slack sends it for an edited thread reply."""
    return {
        "event_id": "Ev2",
        "event": {
            "type": "message",
            "subtype": "message_changed",
            "channel": "D1",
            "hidden": True,
            "message": _event(text=after),
            "previous_message": _event(text=before),
            "ts": "3.0",
        },
    }


def test_an_edit_counts_with_the_links_it_added() -> None:
    old = "<https://wiki.example/a|first>"
    reply = thread_reply(_edited(old, f"{old} and <https://wiki.example/b>"), "T1")
    assert reply is not None and reply.event_id == "Ev2" and reply.user_id == "U1"
    assert list(reply.items) == [(EvidenceKind.LINK, "https://wiki.example/b", None)]


def test_an_edit_adding_nothing_is_not_a_reply() -> None:
    assert thread_reply(_edited("see <https://a.example>", "See <https://a.example>"), "T1") is None
