"""Each tick, a workspace is swept by one process: the first to take the tick; and a single
token sweeps only the workspace it belongs to."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk import WebClient

from bot.runtime.scheduler import sweep
from bot.slack.workspaces import SingleToken, own_workspace
from devkit.demo.harness import Harness

MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # a week after the assessment started


def test_a_workspace_taken_this_tick_is_not_swept_again_until_the_next(
    started: tuple[Harness, int],
) -> None:
    h, _ = started
    workspaces = h.courier.workspaces
    h.clock.set(MONDAY_10)
    assert sweep(h.services, workspaces).considered > 0
    h.clock.set(MONDAY_10.replace(second=40))  # another process, later in the same tick
    assert sweep(h.services, workspaces).considered == 0
    h.clock.set(MONDAY_10.replace(minute=1))
    assert sweep(h.services, workspaces).considered > 0


def test_one_token_sweeps_only_its_own_workspace(started: tuple[Harness, int]) -> None:
    h, _ = started
    client = WebClient(token=h.slack.bot_token, base_url=h.slack.base_url)
    token = SingleToken(client)
    own = own_workspace(token)  # auth.test says which
    assert own.client_for(h.team_id) is client
    assert own.client_for("TSOMEONEELSE") is None  # not swept: not installed there
    assert token.client_for("TSOMEONEELSE") is client  # unscoped: listeners, the command line
