"""The outbox on every backend: idempotency keys, replacing updates, claims, leases, retries."""

from __future__ import annotations

from datetime import datetime, timedelta

from questionnaire.outbox import (
    Completion,
    Intro,
    NextPage,
    RefreshPage,
    ReminderDM,
    Spacing,
    family_key,
    family_of,
)
from questionnaire.reminders.policy import Digest

from .conftest import Backend
from .helpers import TEAM_A, TEAM_B, at

PAGE = RefreshPage(1, "UDEV1", "DE.DC", 0, "D1", "1.1")


def test_a_claim_takes_no_more_than_its_limit_in_one_statement(backend: Backend) -> None:
    """A claim is one statement (it runs outside a transaction on PostgreSQL): it takes the
    first `limit` due entries, never more, and leaves the rest for the next claim."""
    with backend.factory() as uow:
        for n in range(4):
            uow.outbox.add(TEAM_A, f"intro:1:U{n}", Intro(1, f"U{n}"), at(1))
        uow.commit()
    taken: list[str] = []
    for _ in range(3):
        with backend.factory() as uow:
            claimed = uow.outbox.claim(at(1), at(1) + timedelta(minutes=1), limit=1)
            uow.commit()
        assert len(claimed) == 1
        taken.append(claimed[0].key)
    with backend.factory() as uow:
        last = uow.outbox.claim(at(1), at(1) + timedelta(minutes=1), limit=5)
        uow.commit()
    assert taken == ["intro:1:U0", "intro:1:U1", "intro:1:U2"]
    assert [e.key for e in last] == ["intro:1:U3"]


def test_a_key_is_queued_once_per_workspace(backend: Backend) -> None:
    with backend.factory() as uow:
        first = uow.outbox.add(TEAM_A, "intro:1:U1", Intro(1, "U1"), at(1))
        again = uow.outbox.add(TEAM_A, "intro:1:U1", Intro(1, "U1"), at(2))
        other = uow.outbox.add(TEAM_B, "intro:1:U1", Intro(1, "U1"), at(2))
        uow.commit()
    assert first is not None and other is not None and first != other
    assert again is None
    with backend.factory() as uow:
        assert uow.outbox.report(5).pending == 2


def test_claims_deliver_each_entry_once_in_priority_order(backend: Backend) -> None:
    with backend.factory() as uow:
        uow.outbox.add(TEAM_A, "reminder:U1", ReminderDM(Digest("U1", ())), at(1))
        uow.outbox.add(TEAM_A, "complete:1", Completion(1), at(1))
        uow.outbox.add(TEAM_A, "next:1", NextPage(1, "U1"), at(1))
        uow.commit()
    with backend.factory() as uow:
        claimed = uow.outbox.claim(at(1), at(1) + timedelta(minutes=1), limit=10)
        uow.commit()
    assert [e.key for e in claimed] == ["next:1", "complete:1", "reminder:U1"]
    assert [e.attempts for e in claimed] == [1, 1, 1]
    assert claimed[2].message == ReminderDM(Digest("U1", ()))
    with backend.factory() as uow:  # leased: nobody else gets them
        assert uow.outbox.claim(at(1), at(2), limit=10) == []
        assert uow.outbox.finish(claimed[0].id, claimed[0].version, at(1), "D1", "9.9")
        uow.commit()
    with backend.factory() as uow:  # the lease ran out: the two unfinished are due again
        again = uow.outbox.claim(at(1) + timedelta(minutes=2), at(3), limit=10)
        uow.commit()
    assert [(e.key, e.attempts) for e in again] == [("complete:1", 2), ("reminder:U1", 2)]
    with backend.factory() as uow:
        assert uow.outbox.sent_at(TEAM_A, "next:1") == at(1)
        assert uow.outbox.sent_at(TEAM_A, "complete:1") is None
        assert uow.outbox.report(5).pending == 2


def test_a_claim_may_be_limited_to_some_workspaces(backend: Backend) -> None:
    """A single token's courier takes its own workspace's entries and leaves the others'."""
    with backend.factory() as uow:
        uow.outbox.add(TEAM_A, "next:1", NextPage(1, "U1"), at(1))
        uow.outbox.add(TEAM_B, "next:2", NextPage(2, "U2"), at(1))
        uow.commit()
    with backend.factory() as uow:
        mine = uow.outbox.claim(at(1), at(2), limit=10, team_ids=[TEAM_B])
        uow.commit()
    assert [(e.team_id, e.key) for e in mine] == [(TEAM_B, "next:2")]
    with backend.factory() as uow:
        rest = uow.outbox.claim(at(1), at(2), limit=10)
        uow.commit()
    assert [(e.team_id, e.key) for e in rest] == [(TEAM_A, "next:1")]


def test_a_newer_refresh_supersedes_one_in_flight(backend: Backend) -> None:
    with backend.factory() as uow:
        entry_id = uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(1))
        uow.commit()
    with backend.factory() as uow:
        [first] = uow.outbox.claim(at(1), at(1) + timedelta(minutes=1), limit=5)
        uow.commit()
    with backend.factory() as uow:  # another click while the first update is on its way
        assert uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(1)) == entry_id
        uow.commit()
    with backend.factory() as uow:
        assert not uow.outbox.finish(first.id, first.version, at(1), "D1", "1.1")
        uow.commit()
    with backend.factory() as uow:
        [second] = uow.outbox.claim(at(1), at(1) + timedelta(minutes=1), limit=5)
        assert second.version == first.version + 1
        assert uow.outbox.finish(second.id, second.version, at(1), "D1", "1.1")
        uow.commit()
    with backend.factory() as uow:  # and a click after delivery opens it again
        assert uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(2)) == entry_id
        assert uow.outbox.sent_at(TEAM_A, "refresh:D1:1.1") is None
        uow.commit()


def test_a_claim_renewed_in_time_is_not_taken_over(backend: Backend) -> None:
    with backend.factory() as uow:
        slow, dead, done = (
            uow.outbox.add(TEAM_A, f"next:{n}", NextPage(1, f"U{n}"), at(1)) for n in (1, 2, 3)
        )
        uow.commit()
    held = at(1) + timedelta(seconds=30)
    with backend.factory() as uow:
        assert len(uow.outbox.claim(at(1), held, limit=5)) == 3
        assert done is not None and uow.outbox.finish(done, 1, at(1), "D3", "3.3")
        uow.commit()
    with backend.factory() as uow:  # the claimer of `slow` is alive and renews; `dead`'s is not
        assert slow is not None and dead is not None
        assert uow.outbox.renew({slow: held, done: held}, held + timedelta(seconds=30)) == {slow}
        uow.commit()
    with backend.factory() as uow:  # after the first lease: only the dead claimer's is free
        [taken] = uow.outbox.claim(held + timedelta(seconds=1), at(3), limit=5)
        assert (taken.id, taken.attempts) == (dead, 2)
        # the lease its first claimer knew is gone: that claimer may not renew it any more
        assert uow.outbox.renew({dead: held}, at(4)) == set()
        uow.commit()


def test_retry_waits_and_give_up_stops(backend: Backend) -> None:
    with backend.factory() as uow:
        one = uow.outbox.add(TEAM_A, "a", Intro(1, "U1"), at(1))
        two = uow.outbox.add(TEAM_A, "b", Intro(1, "U2"), at(1))
        uow.commit()
    assert one is not None and two is not None
    with backend.factory() as uow:
        uow.outbox.claim(at(1), at(2), limit=5)
        uow.outbox.retry(one, at(1) + timedelta(seconds=30), "internal_error")
        uow.outbox.retry(two, at(1), "channel_not_found", give_up=True)
        uow.commit()
    with backend.factory() as uow:
        assert uow.outbox.claim(at(1) + timedelta(seconds=29), at(2), limit=5) == []
        assert [e.id for e in uow.outbox.claim(at(1) + timedelta(seconds=30), at(2), 5)] == [one]
        uow.commit()
    with backend.factory() as uow:
        report = uow.outbox.report(5)
        assert (report.pending, report.oldest_pending, report.given_up) == (1, at(1), 1)
        [dead] = report.newest_given_up
        assert (dead.id, dead.key, dead.last_error, dead.given_up_at) == (
            two,
            "b",
            "channel_not_found",
            at(1),
        )
        assert uow.outbox.revive([999], at(5)) == 0
        assert uow.outbox.revive(None, at(5)) == 1
        uow.commit()
    with backend.factory() as uow:
        again = uow.outbox.claim(at(5), at(6), 5)
        assert [(e.id, e.attempts) for e in again] == [(one, 3), (two, 1)]


def test_latest_by_family_and_prune(backend: Backend) -> None:
    digest_1, digest_2 = "digest:1", "digest:2"
    with backend.factory() as uow:
        for day, key in [
            (1, family_key(digest_1, "a")),
            (3, family_key(digest_1, "b")),
            (2, family_key(digest_2, "a")),
            (2, "digest:1"),  # no family
        ]:
            entry = uow.outbox.add(TEAM_A, key, Intro(1, key), at(day))
            assert entry is not None
            uow.outbox.finish(entry, 1, at(day), None, None)
        uow.outbox.add(TEAM_B, family_key(digest_1, "z"), Intro(1, "z"), at(9))
        uow.outbox.add(TEAM_A, family_key("digest:10", "c"), Intro(1, "p"), at(4))
        uow.commit()
    with backend.factory() as uow:
        assert uow.outbox.latest(TEAM_A, [digest_1, digest_2, "digest:3"]) == {
            digest_1: at(3),
            digest_2: at(2),
        }
        assert uow.outbox.prune(at(3)) == 3  # delivered before day 3; the unsent one stays
        uow.commit()
    with backend.factory() as uow:
        assert uow.outbox.latest(TEAM_A, [digest_1, "digest:10"]) == {
            digest_1: at(3),
            "digest:10": at(4),
        }
    assert family_of(family_key("show:1:U1", "2026-12-06T10:00:00+00:00")) == "show:1:U1"
    assert family_of("next:1:U1:DE:0") is None


def test_messages_queued_together_are_due_as_their_spacing_says(backend: Backend) -> None:
    """`add_many` sends its rows as one document, converting each distinct time once: rows
    sharing the moment they were queued still get each its own due time."""
    spacing = Spacing(every=timedelta(seconds=10))
    messages = [(f"reminder:U{n}", ReminderDM(Digest(f"U{n}", ()))) for n in range(3)]
    with backend.factory() as uow:
        queued = uow.outbox.add_many(TEAM_A, messages, at(1), spacing)
        uow.commit()
    assert queued == {key for key, _ in messages}
    due: list[list[tuple[str, datetime]]] = []
    for n in range(3):
        with backend.factory() as uow:
            moment = at(1) + timedelta(seconds=10 * n)
            claimed = uow.outbox.claim(moment, moment + timedelta(minutes=1), limit=10)
            due.append([(e.key, e.created_at) for e in claimed])
            uow.commit()
    assert due == [[(f"reminder:U{n}", at(1))] for n in range(3)]
