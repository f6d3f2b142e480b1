"""The people directory through the real app and the stand-in: Slack's user events keep it in
step, the sweep reads it without `users.info`, and the nightly refresh pages `users.list`."""

from __future__ import annotations

from bot.runtime.scheduler import directory_tick
from devkit.demo import scenario
from devkit.demo.harness import Harness
from questionnaire.domain import Profile

from .test_reminder_dms import TESS, at, digests, tick


def profiles(h: Harness, *user_ids: str) -> dict[str, Profile]:
    with h.services.uow() as uow:
        return uow.people.profiles(h.team_id, user_ids)


def test_a_user_change_moves_the_next_reminder_to_the_new_time_zone_without_users_info(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    assert profiles(h, TESS)[TESS].tz == "Europe/London"  # learned when the assessment started
    moved = h.slack.add_user(TESS, "tess", tz="Asia/Tokyo")
    event = {"type": "user_change", "user": moved.to_payload(h.team_id, include_locale=True)}
    assert h.users.event(event, event_id="EvTessMoved").status == 200
    assert profiles(h, TESS)[TESS].tz == "Asia/Tokyo"

    asked = len(h.slack.calls("users.info"))
    tick(h, at(26, 0, 59))
    assert digests(h, TESS) == []
    # The kickoff checked everyone but the lead: the sweep asks Slack about her once, and keeps her.
    assert [c.params["user"] for c in h.slack.calls("users.info")[asked:]] == [scenario.LEAD[0]]
    asked = len(h.slack.calls("users.info"))
    tick(h, at(26, 1))  # Thursday 10:00 in Tokyo (01:00 in London), past the quiet days
    assert len(digests(h, TESS)) == 1
    tick(h, at(26, 10))  # 10:00 in London: already reminded today
    assert len(digests(h, TESS)) == 1
    assert len(h.slack.calls("users.info")) == asked  # a filled directory: no users.info


def test_the_nightly_refresh_pages_through_users_list_once_a_night(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    newcomers = [f"U1{n:04d}" for n in range(450)]
    for user_id in newcomers:
        h.slack.add_user(user_id, user_id.lower(), tz="America/Chicago")
    h.slack.add_user(TESS, "tess", tz="Europe/London", deleted=True)
    h.clock.set(at(26, 2, 43))
    stored = directory_tick(h.services, h.courier.workspaces, pace_seconds=0)
    pages = h.slack.calls("users.list")
    assert stored == len(h.slack.workspace.users) and len(pages) == 3  # 200 + 200 + the rest
    cursors = [p.params.get("cursor") for p in pages]
    assert cursors[0] is None and all(cursors[1:]) and len(set(cursors)) == 3
    found = profiles(h, TESS, *newcomers)
    assert len(found) == 451 and found[TESS].deleted
    assert found[newcomers[-1]].tz == "America/Chicago"
    assert directory_tick(h.services, h.courier.workspaces, pace_seconds=0) == 0  # done tonight
    assert len(h.slack.calls("users.list")) == 3
