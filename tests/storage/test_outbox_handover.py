"""The outbox inside a handover (the click's own thread delivers what it queued), on every
backend: what someone waits for is queued claimed and handed over only once committed; what is
paced, rolled back, or held by another delivery is left to the delivery loop."""

from __future__ import annotations

from datetime import timedelta

from questionnaire.outbox import Intro, NextPage, RefreshPage, ReminderDM, handing_over
from questionnaire.reminders.policy import Digest

from .conftest import Backend
from .helpers import TEAM_A, at

PAGE = RefreshPage(1, "UDEV1", "DE.DC", 0, "D1", "1.1")
LEASE = timedelta(minutes=1)


def test_what_someone_waits_for_is_queued_claimed_and_handed_after_the_commit(
    backend: Backend,
) -> None:
    with handing_over(LEASE) as handover, backend.factory() as uow:
        uow.outbox.add(TEAM_A, "next:1", NextPage(1, "U1"), at(1))
        uow.outbox.add(TEAM_A, "intro:1:U2", Intro(1, "U2"), at(1))
        uow.outbox.add(TEAM_A, "reminder:U1", ReminderDM(Digest("U1", ())), at(1))
        assert uow.outbox.add(TEAM_A, "next:1", NextPage(1, "U1"), at(1)) is None  # a repeat
        assert handover.envelopes == []  # nothing is handed before the commit
        uow.commit()
    assert [(e.key, e.version, e.attempts) for e in handover.envelopes] == [
        ("next:1", 1, 1),
        ("intro:1:U2", 1, 1),
    ]
    assert handover.until == at(1) + LEASE
    assert handover.rest  # the paced reminder is the delivery loop's
    with backend.factory() as uow:  # held: the loop takes only the reminder
        assert [e.key for e in uow.outbox.claim(at(1), at(1) + LEASE, limit=10)] == ["reminder:U1"]
        uow.commit()
    with backend.factory() as uow:  # a crash before the delivery: the lease runs out
        again = uow.outbox.claim(at(1) + LEASE * 2, at(4), limit=10)
        uow.commit()
    assert [(e.key, e.attempts) for e in again] == [
        ("next:1", 2),
        ("intro:1:U2", 2),
        ("reminder:U1", 2),
    ]


def test_a_rolled_back_handover_hands_nothing(backend: Backend) -> None:
    with handing_over(LEASE) as handover:
        with backend.factory() as uow:
            uow.outbox.add(TEAM_A, "next:1", NextPage(1, "U1"), at(1))
            uow.rollback()
            uow.commit()
        with backend.factory() as uow:
            uow.outbox.add(TEAM_A, "next:2", NextPage(1, "U2"), at(1))  # left without commit
    assert handover.envelopes == []
    with backend.factory() as uow:
        assert uow.outbox.report(5).pending == 0


def test_a_refresh_another_delivery_holds_is_left_to_the_loop(backend: Backend) -> None:
    with backend.factory() as uow:
        uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(1))
        uow.commit()
    with backend.factory() as uow:
        [first] = uow.outbox.claim(at(1), at(1) + LEASE, limit=5)
        uow.commit()
    with handing_over(LEASE) as handover, backend.factory() as uow:  # a click meanwhile
        uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(1))
        uow.commit()
    assert handover.envelopes == [] and handover.rest
    with backend.factory() as uow:  # the first delivery finds it replaced: the loop sends v2
        assert not uow.outbox.finish(first.id, first.version, at(1), "D1", "1.1")
        [second] = uow.outbox.claim(at(1), at(1) + LEASE, limit=5)
        uow.commit()
    assert (second.version, second.attempts) == (2, 1)
    with backend.factory() as uow:
        assert uow.outbox.finish(second.id, second.version, at(1), "D1", "1.1")
        uow.commit()
    with handing_over(LEASE) as handover, backend.factory() as uow:  # delivered: free again
        uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(2))
        uow.commit()
    [third] = handover.envelopes
    assert (third.id, third.version, third.attempts) == (first.id, 3, 1) and not handover.rest
    with backend.factory() as uow:
        assert uow.outbox.claim(at(2), at(2) + LEASE, limit=5) == []
        assert uow.outbox.finish(third.id, third.version, at(2), "D1", "1.1")
        uow.commit()
        assert uow.outbox.report(5).pending == 0


def test_a_refresh_queued_twice_in_one_handover_is_handed_once_in_its_newest_version(
    backend: Backend,
) -> None:
    with handing_over(LEASE) as handover, backend.factory() as uow:
        uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(1))
        uow.outbox.add(TEAM_A, "next:1", NextPage(1, "U1"), at(1))
        uow.outbox.add(TEAM_A, "refresh:D1:1.1", PAGE, at(1))  # a second change shows on it
        uow.commit()
    assert [(e.key, e.version) for e in handover.envelopes] == [
        ("refresh:D1:1.1", 2),
        ("next:1", 1),
    ]
    assert not handover.rest  # nothing for the loop: the newest version is handed
